// cxhook/outbound: calls from handlers to external services within the webhook's deadline.
export { upstream, type BreakerOptions, type CallDeadline, type CircuitStatus, type RetryOptions, type Upstream, type UpstreamCall, type UpstreamOptions, type UpstreamResponse } from './upstream.ts';
export { isTransientStatus, UpstreamError, type UpstreamFailure } from './upstream-error.ts';

// cxhook: the public API. Subpath exports: `cxhook/protocol` (the wire contract), `cxhook/node-http`, `cxhook/cache`,
// `cxhook/outbound` (deadline-aware external calls; not re-exported here so undici loads only when used).
export * from './app/index.ts';
export * from './auth/index.ts';
export * from './cache/index.ts';
export * from './errors/index.ts';
export * from './limits/index.ts';
export { createLogger, type Logger, type LoggerConfig } from './logging/logger.ts';
export { redactRequestBody } from './logging/redact.ts';
export * from './protocol/index.ts';
export { serve, DEFAULT_BODY_LIMIT, type ClientCertificates, type RunningServer, type ServeOptions, type TlsOptions } from './transport/node-http/index.ts';
export * from './values/index.ts';
export { typed, type AgentTypes, type FormParamOf, type TagOf, type TypedContext, type TypedHandler, type TypedPageView, type TypedReply, type TypedWebhookApp } from './app/typed.ts';

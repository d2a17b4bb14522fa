// The one registry of coded errors. Every error cxhook raises or answers with has a code here;
// docs/errors.md lists them all (a test keeps the two in step).

export interface ErrorDefinition {
  /** What went wrong, for humans; `%s` placeholders are filled from the error's arguments. */
  readonly message: string;
  /** HTTP status when the error ends a request. */
  readonly status: number;
}

export const ERROR_CODES = {
  CXH_ERR_NOT_FOUND: { message: 'No webhook is mounted at %s', status: 404 },
  CXH_ERR_METHOD_NOT_ALLOWED: { message: 'Method %s is not allowed; use %s', status: 405 },
  CXH_ERR_UNSUPPORTED_MEDIA_TYPE: { message: 'Content-Type must be application/json, got %s', status: 415 },
  CXH_ERR_BODY_TOO_LARGE: { message: 'Request body exceeds the limit of %s bytes', status: 413 },
  CXH_ERR_MALFORMED_JSON: { message: 'Request body is not valid JSON: %s', status: 400 },
  CXH_ERR_INVALID_REQUEST: { message: 'Request body is not a WebhookRequest: %s', status: 400 },
  CXH_ERR_INVALID_RESPONSE: { message: 'The webhook built an invalid WebhookResponse: %s', status: 500 },
  CXH_ERR_RESPONSE_TOO_LARGE: { message: 'The WebhookResponse is %s bytes; CX accepts at most %s', status: 500 },
  CXH_ERR_HANDLER_FAILED: { message: 'The handler for %s failed', status: 500 },
  CXH_ERR_DEADLINE_EXCEEDED: { message: 'The handler for %s did not finish within %s ms', status: 503 },
  CXH_ERR_NOT_READY: { message: 'Not ready: %s', status: 503 },
  CXH_ERR_SHUTTING_DOWN: { message: 'The server is shutting down', status: 503 },
  CXH_ERR_INVALID_OPTION: { message: 'Invalid option %s: %s', status: 500 },
  CXH_ERR_INVALID_REPLY: { message: 'Invalid reply: %s', status: 500 },
  CXH_ERR_DUPLICATE_ROUTE: { message: 'A handler is already registered for %s', status: 500 },
  CXH_ERR_UNAUTHENTICATED: { message: 'Authentication required: %s', status: 401 },
  CXH_ERR_FORBIDDEN: { message: 'The credentials were refused', status: 403 },
  CXH_ERR_AUTH_UNAVAILABLE: { message: 'Credentials cannot be checked right now', status: 503 },
  CXH_ERR_RATE_LIMITED: { message: 'Too many requests for %s; retry in %s s', status: 429 },
  CXH_ERR_OVERLOADED: { message: 'The server is at its limit of %s concurrent requests', status: 503 },
  CXH_ERR_JSON_TOO_COMPLEX: { message: 'Request body is too complex: %s', status: 400 },
  CXH_ERR_HEADERS_TOO_LARGE: { message: 'Request headers are too large', status: 431 },
  CXH_ERR_REQUEST_TIMEOUT: { message: 'The request was not received in time', status: 408 },
  CXH_ERR_MALFORMED_HTTP: { message: 'The request is not valid HTTP/1.1 (%s)', status: 400 },
  CXH_ERR_INVALID_CACHE_ENTRY: { message: 'Cannot cache %s: %s', status: 500 },
  CXH_ERR_UPSTREAM_FAILED: { message: 'Upstream %s failed (%s): %s', status: 502 },
  CXH_ERR_AGENT_NOT_FOUND: { message: 'No agent export at %s: %s', status: 400 },
  CXH_ERR_AGENT_FILE: { message: 'Agent export file %s, at %s: %s', status: 400 },
  CXH_ERR_INVALID_EXPRESSION: { message: 'Invalid CX expression at column %s: %s', status: 400 },
  CXH_ERR_INVALID_NLU_MODEL: { message: 'Not an intent classifier model: %s', status: 500 },
  CXH_ERR_SIMULATION: { message: 'Cannot simulate %s: %s', status: 400 },
  CXH_ERR_INVALID_GOLDEN: { message: 'Invalid golden conversation file %s: %s', status: 400 },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERROR_CODES;

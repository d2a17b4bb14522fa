export { ERROR_CODES, type ErrorCode, type ErrorDefinition } from './codes.ts';
export { CxhookError, isCxhookError } from './cxhook-error.ts';

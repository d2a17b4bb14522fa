// The CX v3 wire contract: schemas, inferred types, resource names, request parsing, response checks.
export * from './enums.ts';
export { isJsonValue, type JsonObject, type JsonValue } from './json.ts';
export { OUTPUT_ONLY_MESSAGE_KINDS } from './messages.ts';
export {
  requestSchemas,
  responseSchemas,
  type PageInfo,
  type ParameterInfo,
  type RequestMessage,
  type ResponseMessage,
  type SessionInfo,
  type WebhookRequest,
  type WebhookResponse,
} from './schemas.ts';
export { checkRichContent, parseRichElement, richElementSchemas, type RichElement, type RichElementType } from './rich-content.ts';
export { checkWebhookResponse, MAX_RESPONSE_BYTES, type ContractIssue, type ResponseCheck } from './check-response.ts';
export { parseWebhookRequest, type RequestParse } from './parse-request.ts';
export * from './resource-names.ts';

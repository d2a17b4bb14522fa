// cxhook/agent: Dialogflow CX agent exports, loaded into one typed model for check, gen, the
// simulator and the test runner; checkAgent compares one with the webhook app.
export * from './model.ts';
export {
  DEFAULT_CLASSIFICATION_THRESHOLD,
  DEFAULT_INTENT_PRIORITY,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  PROBLEM_CODES,
  START_PAGE_ID,
  START_PAGE_NAME,
  decodeName,
  findPage,
  flowById,
  intentById,
  loadAgent,
  loadAgentSync,
  routeGroupsOf,
  specialTargetOf,
  type LoadAgentOptions,
} from './load/index.ts';
export * from './check/index.ts';
export { describeAgent, generateTypes, printTypes } from './gen/index.ts';

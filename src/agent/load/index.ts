// The agent export loader: loadAgent and the lookups the agent tools share.
export { agentOf, loadAgent, loadAgentSync, type LoadAgentOptions } from './load-agent.ts';
export { findPage, flowById, intentById, routeGroupsOf } from './lookups.ts';
export { DEFAULT_CLASSIFICATION_THRESHOLD, START_PAGE_ID, START_PAGE_NAME } from './flows.ts';
export { DEFAULT_INTENT_PRIORITY } from './intents.ts';
export { DEFAULT_WEBHOOK_TIMEOUT_MS } from './webhooks.ts';
export { PROBLEM_CODES } from './problems.ts';
export { specialTargetOf } from './targets.ts';
export { decodeName } from './names.ts';

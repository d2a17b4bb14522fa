// Consistency checks over a loaded agent (spec cx-agent-export §6.6): references that lead nowhere
// and settings CX would refuse. They do not stop loading; each becomes an AgentProblem with a stable
// code, so `cxhook check` can report them and tests can assert on them.
import type { Agent, EventHandler, Flow, Fulfillment, SourceRef, Target, TransitionRoute } from '../model.ts';
import { type LoadContext, report } from './context.ts';
import { jsonPath } from './json-path.ts';
import { targetPath } from './targets.ts';

/** The codes `problemsOf` reports, each with what it means. */
export const PROBLEM_CODES = {
  'unresolved-intent': 'A route or test names an intent the agent does not have.',
  'unresolved-page': 'A target names a page its flow does not have.',
  'unresolved-flow': 'A target, the start flow or a test names a flow the agent does not have.',
  'unresolved-playbook': 'A target or the start playbook names a playbook the agent does not have.',
  'unresolved-webhook': 'A fulfillment calls a webhook the agent does not have.',
  'unresolved-route-group': 'A page or flow lists a route group neither its flow nor the agent has.',
  'unresolved-entity-type': 'A form or intent parameter has a custom entity type the agent does not have.',
  'duplicate-display-name': 'Two resources of one kind (and scope) share a display name; the first in path order is kept.',
  'missing-file': 'A resource folder lacks its main file (`intents/X/` without `X.json`); it is not loaded.',
  'route-without-trigger': 'A transition route has neither an intent nor a condition, so it can never fire.',
  'webhook-without-tag': 'A fulfillment calls a webhook without a tag; CX requires one.',
  'conflicting-targets': 'A route or handler sets more than one of targetPage, targetFlow and targetPlaybook.',
  'webhook-error-handler-calls-webhook': 'A handler of a `webhook.error…` event calls a webhook itself, which CX forbids to prevent loops.',
} as const;

type Check = (severity: 'error' | 'warning', code: keyof typeof PROBLEM_CODES, message: string, source: SourceRef) => void;

function at(source: SourceRef, ...steps: PropertyKey[]): SourceRef {
  return { file: source.file, path: jsonPath(source.path, ...steps) };
}

function checkFulfillment(agent: Agent, fulfillment: Fulfillment | undefined, problem: Check): void {
  if (!fulfillment?.webhook) return;
  if (!agent.webhooks.has(fulfillment.webhook)) problem('error', 'unresolved-webhook', `calls webhook "${fulfillment.webhook}", which the agent does not have`, at(fulfillment.source, 'webhook'));
  if (!fulfillment.tag) problem('error', 'webhook-without-tag', `calls webhook "${fulfillment.webhook}" without a tag`, fulfillment.source);
}

function checkTarget(agent: Agent, target: Target | undefined, source: SourceRef, problem: Check): void {
  if (!target) return;
  const where = { file: source.file, path: targetPath(target, source.path) };
  if (target.kind === 'page') {
    // An agent-level route group has no flow of its own: its page must exist in some flow.
    const found = target.flow === '' ? [...agent.flows.values()].some((flow) => flow.pages.has(target.page)) : agent.flows.get(target.flow)?.pages.has(target.page);
    const missing = target.flow === '' ? 'which no flow has' : `which flow "${target.flow}" does not have`;
    if (!found) problem('error', 'unresolved-page', `goes to page "${target.page}", ${missing}`, where);
  } else if (target.kind === 'flow' && !agent.flows.has(target.flow)) {
    problem('error', 'unresolved-flow', `goes to flow "${target.flow}", which the agent does not have`, where);
  } else if (target.kind === 'playbook' && !agent.playbooks.includes(target.playbook)) {
    problem('error', 'unresolved-playbook', `goes to playbook "${target.playbook}", which the agent does not have`, where);
  }
}

function checkRoutes(agent: Agent, routes: readonly TransitionRoute[], problem: Check): void {
  for (const route of routes) {
    if (!route.intent && !route.condition) problem('error', 'route-without-trigger', 'has neither an intent nor a condition, so it never fires', route.source);
    if (route.intent && !agent.intents.has(route.intent)) problem('error', 'unresolved-intent', `names intent "${route.intent}", which the agent does not have`, at(route.source, 'intent'));
    checkFulfillment(agent, route.triggerFulfillment, problem);
    checkTarget(agent, route.target, route.source, problem);
  }
}

function checkHandlers(agent: Agent, handlers: readonly EventHandler[], problem: Check): void {
  for (const handler of handlers) {
    checkFulfillment(agent, handler.triggerFulfillment, problem);
    checkTarget(agent, handler.target, handler.source, problem);
    if (handler.event.startsWith('webhook.error') && handler.triggerFulfillment?.webhook) {
      problem('warning', 'webhook-error-handler-calls-webhook', `handles ${handler.event} and calls webhook "${handler.triggerFulfillment.webhook}" itself`, at(handler.triggerFulfillment.source, 'webhook'));
    }
  }
}

function checkGroups(agent: Agent, flow: Flow, names: readonly string[], source: SourceRef, problem: Check): void {
  names.forEach((name, index) => {
    if (!flow.routeGroups.has(name) && !agent.routeGroups.has(name)) {
      problem('error', 'unresolved-route-group', `lists route group "${name}", which neither flow "${flow.displayName}" nor the agent has`, at(source, 'transitionRouteGroups', index));
    }
  });
}

function checkEntityType(agent: Agent, entityType: string, source: SourceRef, problem: Check): void {
  const name = entityType.startsWith('@') ? entityType.slice(1) : entityType;
  if (name.startsWith('sys.') || agent.entityTypes.has(name)) return;
  problem('error', 'unresolved-entity-type', `has entity type "${entityType}", which the agent does not have`, at(source, 'entityType'));
}

function checkFlow(agent: Agent, flow: Flow, problem: Check): void {
  checkRoutes(agent, flow.transitionRoutes, problem);
  checkHandlers(agent, flow.eventHandlers, problem);
  checkGroups(agent, flow, flow.transitionRouteGroups, flow.source, problem);
  for (const group of flow.routeGroups.values()) checkRoutes(agent, group.transitionRoutes, problem);
  for (const page of flow.pages.values()) {
    checkFulfillment(agent, page.entryFulfillment, problem);
    for (const parameter of page.form) {
      checkEntityType(agent, parameter.entityType, parameter.source, problem);
      checkFulfillment(agent, parameter.initialPrompt, problem);
      checkHandlers(agent, parameter.repromptEventHandlers, problem);
    }
    checkRoutes(agent, page.transitionRoutes, problem);
    checkHandlers(agent, page.eventHandlers, problem);
    checkGroups(agent, flow, page.transitionRouteGroups, page.source, problem);
  }
}

function checkTestCases(agent: Agent, problem: Check): void {
  for (const testCase of agent.testCases) {
    if (testCase.flow && !agent.flows.has(testCase.flow)) problem('warning', 'unresolved-flow', `starts in flow "${testCase.flow}", which the agent does not have`, at(testCase.source, 'testConfig', 'flow'));
    testCase.turns.forEach((turn, index) => {
      const source = at(testCase.source, 'testCaseConversationTurns', index);
      if (turn.input.kind === 'intent' && !agent.intents.has(turn.input.intent)) problem('warning', 'unresolved-intent', `sends intent "${turn.input.intent}", which the agent does not have`, source);
      if (turn.expected.intent && !agent.intents.has(turn.expected.intent)) problem('warning', 'unresolved-intent', `expects intent "${turn.expected.intent}", which the agent does not have`, source);
      if (turn.expected.flow && !agent.flows.has(turn.expected.flow)) problem('warning', 'unresolved-flow', `expects flow "${turn.expected.flow}", which the agent does not have`, source);
    });
  }
}

/**
 * Reports every consistency problem of `agent` into the load context.
 * @example reportProblems(agent, context); context.problems[0]?.code // 'unresolved-page'
 */
export function reportProblems(agent: Agent, context: LoadContext): void {
  const problem: Check = (severity, code, message, source) => report(context, severity, code, message, source);
  const agentFile = { file: 'agent.json', path: '$' };
  if (agent.startFlow && !agent.flows.has(agent.startFlow)) problem('error', 'unresolved-flow', `starts in flow "${agent.startFlow}", which the agent does not have`, at(agentFile, 'startFlow'));
  if (agent.startPlaybook && !agent.playbooks.includes(agent.startPlaybook)) problem('error', 'unresolved-playbook', `starts in playbook "${agent.startPlaybook}", which the agent does not have`, at(agentFile, 'startPlaybook'));
  for (const flow of agent.flows.values()) checkFlow(agent, flow, problem);
  for (const group of agent.routeGroups.values()) checkRoutes(agent, group.transitionRoutes, problem);
  for (const intent of agent.intents.values()) {
    intent.parameters.forEach((parameter, index) => checkEntityType(agent, parameter.entityType, at(intent.source, 'parameters', index), problem));
  }
  checkTestCases(agent, problem);
}

// Builds the agent's test cases (spec cx-agent-export §5.8): each turn's input, what it injects, and
// what CX is expected to answer, with references resolved to display names.
import type { TestCase, TestTurn, TestUserInput } from '../model.ts';
import { type LoadContext, resolveName } from './context.ts';
import { agentFileError } from './file-error.ts';
import { jsonPath } from './json-path.ts';
import { recordOf } from './key-values.ts';
import { idOf, isResourceName } from './names.ts';
import type { Parsed } from './read-resources.ts';
import type { TestCaseShape, TurnShape } from './shapes.ts';
import { specialTargetOf } from './targets.ts';

/** The export's names for the pages a test can expect to end on that are not real pages. */
const SPECIAL_PAGE_NAMES: Record<string, string> = {
  START_PAGE: 'Start Page',
  END_FLOW: 'End Flow',
  END_SESSION: 'End Session',
  CURRENT_PAGE: 'Current Page',
  PREVIOUS_PAGE: 'Previous Page',
};

/** A page reference as a display name: `Start Page`, `End Session`, or the page's own name. */
function pageName(page: string, context: LoadContext): string {
  const special = specialTargetOf(page);
  if (special) return SPECIAL_PAGE_NAMES[special] ?? special;
  return isResourceName(page) ? (context.ids.pages.get(idOf(page))?.page ?? page) : page;
}

function inputOf(raw: TurnShape['userInput']['input'], file: string, path: string, context: LoadContext): TestUserInput {
  if (raw.text) return { kind: 'text', text: raw.text.text };
  if (raw.event) return { kind: 'event', event: raw.event.event };
  if (raw.dtmf) return { kind: 'dtmf', digits: (raw.dtmf.digits ?? '') + (raw.dtmf.finishDigit ?? '') };
  if (raw.intent) return { kind: 'intent', intent: resolveName(raw.intent.intent, context.ids.intents) };
  throw agentFileError(file, path, 'has no text, event, dtmf or intent input');
}

function turnOf(raw: TurnShape, file: string, path: string, context: LoadContext): TestTurn {
  const { input } = raw.userInput;
  const turn: TestTurn = {
    input: inputOf(input, file, jsonPath(path, 'userInput', 'input'), context),
    isWebhookEnabled: raw.userInput.isWebhookEnabled ?? true,
    expected: {},
  };
  if (input.languageCode) turn.languageCode = input.languageCode;
  if (raw.userInput.injectedParameters) turn.injectedParameters = raw.userInput.injectedParameters;
  const output = raw.virtualAgentOutput;
  const { expected } = turn;
  if (output?.triggeredIntent?.name) expected.intent = resolveName(output.triggeredIntent.name, context.ids.intents);
  if (output?.currentPage?.name) expected.page = pageName(output.currentPage.name, context);
  const flow = output?.currentFlow?.name ?? output?.currentPage?.flow;
  if (flow) expected.flow = resolveName(flow, context.ids.flows);
  if (output?.textResponses) expected.textResponses = output.textResponses.map((response) => response.text ?? []);
  // The export-only `expectations` list is what the console asks to check; it refines the output's parameters.
  const parameters = { ...output?.sessionParameters, ...recordOf(raw.expectations?.expectedSessionParameters) };
  if (output?.sessionParameters || raw.expectations?.expectedSessionParameters) expected.sessionParameters = parameters;
  return turn;
}

/**
 * The model of a parsed test case.
 * @example testCaseOf(parsed, context).turns[0]?.input // { kind: 'text', text: 'hi' }
 */
export function testCaseOf(parsed: Parsed<TestCaseShape>, context: LoadContext): TestCase {
  const { data, file } = parsed;
  const testCase: TestCase = {
    id: parsed.id,
    displayName: parsed.displayName,
    tags: data.tags ?? [],
    turns: (data.testCaseConversationTurns ?? []).map((raw, index) => turnOf(raw, file, jsonPath('$.testCaseConversationTurns', index), context)),
    source: { file, path: '$' },
  };
  if (data.notes) testCase.notes = data.notes;
  if (data.testConfig?.flow) testCase.flow = resolveName(data.testConfig.flow, context.ids.flows);
  if (data.testConfig?.page) {
    testCase.page = pageName(data.testConfig.page, context);
    // A page given as a resource name also says its flow.
    const owner = isResourceName(data.testConfig.page) ? context.ids.pages.get(idOf(data.testConfig.page))?.flow : undefined;
    if (owner && !testCase.flow) testCase.flow = owner;
  }
  if (data.languageCode) testCase.languageCode = data.languageCode;
  return testCase;
}

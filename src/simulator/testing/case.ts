// The one case shape the runner executes: the agent's exported test cases and the user's golden
// conversations both become a `ConversationCase`, so comparison and reporting exist once.
import type { TestCase, TestTurn, TestUserInput } from '../../agent/model.ts';
import type { SessionStart, UserTurn, WebhookCall, WebhookStub } from '../engine/types.ts';

/** One expected text: an exact text (one of the message's variants) or a pattern. */
export type TextExpectation = { text: string } | { pattern: RegExp };

/** What one turn must produce; an absent field is not checked. */
export interface TurnExpectation {
  /** Display name of the matched intent. */
  intent?: string;
  flow?: string;
  /** Page display name; `End Session` and `End Flow` (what CX shows) match an ended conversation. */
  page?: string;
  /** Every text message of the turn, in order; each entry lists what that message must say. */
  says?: TextExpectation[][];
  /** A subset of the session parameters; `null` means unset. */
  params?: Record<string, unknown>;
  /** A webhook call the turn made (`false`: it made none). */
  webhook?: { tag?: string; webhook?: string; outcome?: WebhookCall['outcome'] } | false;
  /** Events that must have been raised during the turn (others may be raised too). */
  events?: string[];
  ended?: boolean;
}

export interface CaseTurn {
  input: UserTurn;
  /** Session parameters set before the turn. */
  parameters?: Record<string, unknown>;
  /** False skips the turn's webhook calls (CX's `isWebhookEnabled: false`). */
  webhooks: boolean;
  expect: TurnExpectation;
  /** Where the turn is written, for messages: `conversations[0].turns[2]`, or the export's JSON path. */
  at?: string;
}

export interface ConversationCase {
  name: string;
  /** What the case belongs to in reports (one JUnit `<testsuite>` each): a golden file or the agent. */
  suite: string;
  /** The file the case comes from (a golden file, or the test case file inside the export). */
  file: string;
  start: SessionStart;
  /** Stubs of this case only, laid over the run's stubs. */
  stubs: Record<string, WebhookStub>;
  /** Generator answers by generator display name (goldens only). */
  generators: Record<string, string>;
  languageCode?: string;
  tags: string[];
  turns: CaseTurn[];
}

/**
 * The simulator's form of a test case's user input.
 * @example userTurnOf({ kind: 'dtmf', digits: '12#' }) // { dtmf: '12#' }
 */
export function userTurnOf(input: TestUserInput): UserTurn {
  switch (input.kind) {
    case 'text':
      return { text: input.text };
    case 'event':
      return { event: input.event };
    case 'dtmf':
      return { dtmf: input.digits };
    case 'intent':
      return input.parameters ? { intent: input.intent, parameters: input.parameters } : { intent: input.intent };
  }
}

function expectationOf(expected: TestTurn['expected']): TurnExpectation {
  return {
    ...(expected.intent === undefined ? {} : { intent: expected.intent }),
    ...(expected.flow === undefined ? {} : { flow: expected.flow }),
    ...(expected.page === undefined ? {} : { page: expected.page }),
    // CX stored the variant it chose; the simulator may choose another, so any variant is fine.
    ...(expected.textResponses === undefined ? {} : { says: expected.textResponses.map((texts) => texts.map((text) => ({ text }))) }),
    ...(expected.sessionParameters === undefined ? {} : { params: expected.sessionParameters }),
  };
}

/**
 * An exported CX test case as a runnable case; `suite` is usually the agent's name.
 * @example fromTestCase(agent.testCases[0], agent.displayName ?? 'agent')
 */
export function fromTestCase(testCase: TestCase, suite: string): ConversationCase {
  const start: SessionStart = {
    ...(testCase.flow === undefined ? {} : { flow: testCase.flow }),
    ...(testCase.page === undefined ? {} : { page: testCase.page }),
  };
  const languageCode = testCase.languageCode ?? testCase.turns.find((turn) => turn.languageCode)?.languageCode;
  return {
    name: testCase.displayName,
    suite,
    file: testCase.source.file,
    start,
    stubs: {},
    generators: {},
    ...(languageCode === undefined ? {} : { languageCode }),
    tags: testCase.tags,
    turns: testCase.turns.map((turn, index) => ({
      input: userTurnOf(turn.input),
      ...(turn.injectedParameters === undefined ? {} : { parameters: turn.injectedParameters }),
      webhooks: turn.isWebhookEnabled,
      expect: expectationOf(turn.expected),
      at: `$.testCaseConversationTurns[${index}]`,
    })),
  };
}

/**
 * How a turn's input reads in a report.
 * @example describeInput({ text: 'hi' }) // 'user: "hi"'
 */
export function describeInput(input: UserTurn): string {
  if ('text' in input) return `user: ${JSON.stringify(input.text)}`;
  if ('intent' in input) return `intent: ${input.intent}`;
  if ('event' in input) return `event: ${input.event}`;
  return `dtmf: ${JSON.stringify(input.dtmf)}`;
}

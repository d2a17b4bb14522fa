// Conversation testing: the agent's exported test cases and golden YAML conversations, run through
// the simulator, compared turn by turn, and reported as diffs, JUnit XML and a summary line.
export { describeInput, fromTestCase, userTurnOf, type CaseTurn, type ConversationCase, type TextExpectation, type TurnExpectation } from './case.ts';
export { compareTurn, describeMatch, patternOf, sameValue, show, type Mismatch } from './compare.ts';
export { parseGolden, type GoldenIssue } from './golden.ts';
export { escapeXml, toJUnitXml } from './junit.ts';
export { caseLine, formatCaseDiff, turnTitle } from './report.ts';
export {
  runCases,
  summarize,
  summaryLine,
  type CaseOutcome,
  type CaseSetup,
  type RunOptions,
  type RunProgress,
  type RunSummary,
  type SimulatorFactory,
  type TurnOutcome,
} from './run.ts';
export { stubIssues, type StubIssue } from './stubs.ts';

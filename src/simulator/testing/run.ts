// Runs cases through simulators, one fresh session per case, and records every turn's result and
// differences. A failing turn does not stop its case; an ended conversation or a turn that throws does.
import type { Simulator, TurnResult, WebhookStub } from '../engine/types.ts';
import { compareTurn, type Mismatch } from './compare.ts';
import type { CaseTurn, ConversationCase } from './case.ts';

/** What a simulator for one case needs beyond the agent and the webhook target. */
export interface CaseSetup {
  /** The case's own stubs (a factory lays them over its own). */
  stubs: Record<string, WebhookStub>;
  /** The case's generator answers by generator display name. */
  generators: Record<string, string>;
  languageCode?: string;
}

/** Builds the simulator for one case. */
export type SimulatorFactory = (setup: CaseSetup) => Simulator | Promise<Simulator>;

export interface TurnOutcome {
  turn: CaseTurn;
  /** 1-based, as reports say it. */
  number: number;
  /** Absent when the turn never ran (the conversation had ended, or an earlier turn threw). */
  result?: TurnResult;
  mismatches: Mismatch[];
  durationMs: number;
}

export interface CaseOutcome {
  case: ConversationCase;
  turns: TurnOutcome[];
  passed: boolean;
  durationMs: number;
}

export interface RunProgress {
  /** Cases finished so far, this one included. */
  done: number;
  total: number;
  outcome: CaseOutcome;
}

export interface RunOptions {
  /** Called after each case. */
  onProgress?: (progress: RunProgress) => void;
  /** False runs every turn without webhook calls (`--no-webhooks`). */
  webhooks?: boolean;
}

export interface RunSummary {
  cases: number;
  /** Cases with at least one failing turn. */
  failedCases: number;
  turns: number;
  turnsMatched: number;
}

function notRun(turn: CaseTurn, number: number, why: string): TurnOutcome {
  return { turn, number, mismatches: [{ field: 'turn', expected: 'to run', actual: why }], durationMs: 0 };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
}

async function runCase(factory: SimulatorFactory, testCase: ConversationCase, options: RunOptions): Promise<CaseOutcome> {
  const started = performance.now();
  const turns: TurnOutcome[] = [];
  let stopped: string | undefined;
  try {
    const simulator = await factory({ stubs: testCase.stubs, generators: testCase.generators, ...(testCase.languageCode === undefined ? {} : { languageCode: testCase.languageCode }) });
    const session = simulator.session(testCase.start);
    for (const [index, turn] of testCase.turns.entries()) {
      const number = index + 1;
      if (stopped !== undefined) {
        turns.push(notRun(turn, number, stopped));
        continue;
      }
      const turnStarted = performance.now();
      try {
        const result = await session.send(turn.input, {
          ...(turn.parameters === undefined ? {} : { parameters: turn.parameters }),
          webhooks: options.webhooks === false ? false : turn.webhooks,
        });
        turns.push({ turn, number, result, mismatches: compareTurn(turn.expect, result), durationMs: performance.now() - turnStarted });
        if (result.ended && number < testCase.turns.length) stopped = `not run: the conversation ended at turn ${number}`;
      } catch (error) {
        // The session's state is unknown after a throw, so later turns would only add noise.
        turns.push({ turn, number, mismatches: [{ field: 'error', expected: 'a turn result', actual: messageOf(error) }], durationMs: performance.now() - turnStarted });
        stopped = `not run: turn ${number} failed`;
      }
    }
  } catch (error) {
    const why = `not run: the simulator could not start: ${messageOf(error)}`;
    turns.push(...testCase.turns.slice(turns.length).map((turn, index) => notRun(turn, turns.length + index + 1, why)));
  }
  return { case: testCase, turns, passed: turns.every((turn) => turn.mismatches.length === 0), durationMs: performance.now() - started };
}

/**
 * Runs the cases one after the other, each in a fresh session of a fresh simulator.
 * @example const outcomes = await runCases((setup) => createSimulator({ agent, stubs: setup.stubs }), cases, { onProgress: ({ done, total }) => bar.update(done) });
 */
export async function runCases(factory: SimulatorFactory, cases: readonly ConversationCase[], options: RunOptions = {}): Promise<CaseOutcome[]> {
  const outcomes: CaseOutcome[] = [];
  for (const testCase of cases) {
    const outcome = await runCase(factory, testCase, options);
    outcomes.push(outcome);
    options.onProgress?.({ done: outcomes.length, total: cases.length, outcome });
  }
  return outcomes;
}

/**
 * The counts the summary line reports; a turn that never ran counts as a turn, not as matched.
 * @example summarize(outcomes) // { cases: 3, failedCases: 1, turns: 12, turnsMatched: 10 }
 */
export function summarize(outcomes: readonly CaseOutcome[]): RunSummary {
  const turns = outcomes.flatMap((outcome) => outcome.turns);
  return {
    cases: outcomes.length,
    failedCases: outcomes.filter((outcome) => !outcome.passed).length,
    turns: turns.length,
    turnsMatched: turns.filter((turn) => turn.result !== undefined && turn.mismatches.length === 0).length,
  };
}

/**
 * The last line `cxhook test` prints.
 * @example summaryLine({ cases: 3, failedCases: 0, turns: 12, turnsMatched: 12 }) // 'testcases: cases=3 turns=12 turns_matched=12'
 */
export function summaryLine(summary: RunSummary): string {
  return `testcases: cases=${summary.cases} turns=${summary.turns} turns_matched=${summary.turnsMatched}`;
}

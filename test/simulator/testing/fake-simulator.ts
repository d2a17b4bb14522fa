// A test double of the simulator's fixed interface (src/simulator/engine/types.ts): a scripted
// agent that answers each input from a table and records what it was asked, so the runner, the
// comparison and the reports can be tested without the engine.
import type { Agent } from '../../../src/agent/model.ts';
import type { SessionStart, SimSession, Simulator, TurnOptions, TurnResult, UserTurn } from '../../../src/simulator/engine/types.ts';
import type { CaseSetup } from '../../../src/simulator/testing/index.ts';
import { emptyAgent } from '../../agent/empty-agent.ts';

/** The empty agent the fake carries (the runner never reads it). */
export const EMPTY_AGENT: Agent = emptyAgent({ startFlow: 'Default Start Flow', origin: 'fake' });

export interface Sent {
  session: string;
  turn: UserTurn;
  options: TurnOptions | undefined;
}

/** What the script returns; the rest of the TurnResult is filled from the session state. */
export type Reply = Partial<TurnResult> | Error;

export type Script = (turn: UserTurn, state: SimSession['state'], options: TurnOptions | undefined) => Reply;

export interface FakeRecord {
  setups: CaseSetup[];
  starts: SessionStart[];
  sent: Sent[];
}

/** A result with defaults: no-match, no texts, the page the session is on. */
export function result(state: SimSession['state'], reply: Partial<TurnResult>): TurnResult {
  return {
    match: { kind: 'no-match' },
    texts: [],
    messages: [],
    flow: state.flow,
    page: state.page,
    sessionParameters: { ...state.parameters },
    webhookCalls: [],
    events: [],
    ended: false,
    ...reply,
  };
}

/**
 * A factory of fake simulators answering from `script`; `record` collects every setup, start and turn.
 * @example const { factory, record } = fakeFactory((turn) => ({ texts: [{ text: 'Hi', variants: ['Hi'] }] }));
 */
export function fakeFactory(script: Script): { factory: (setup: CaseSetup) => Simulator; record: FakeRecord } {
  const record: FakeRecord = { setups: [], starts: [], sent: [] };
  let sessions = 0;
  const factory = (setup: CaseSetup): Simulator => {
    record.setups.push(setup);
    return {
      agent: EMPTY_AGENT,
      session(start: SessionStart = {}): SimSession {
        record.starts.push(start);
        const id = start.id ?? `fake-${++sessions}`;
        const state = { flow: start.flow ?? 'Default Start Flow', page: start.page ?? 'Start Page', parameters: { ...start.parameters }, ended: false };
        return {
          id,
          state,
          async send(turn, options) {
            record.sent.push({ session: id, turn, options });
            Object.assign(state.parameters, options?.parameters);
            const reply = script(turn, state, options);
            if (reply instanceof Error) throw reply;
            const outcome = result(state, reply);
            state.flow = outcome.flow;
            state.page = outcome.page;
            state.parameters = { ...outcome.sessionParameters };
            state.ended = outcome.ended;
            return outcome;
          },
        };
      },
    };
  };
  return { factory, record };
}

/** A text message that had these variants and said the first. */
export function said(...variants: string[]): { text: string; variants: string[] } {
  return { text: variants[0] ?? '', variants };
}

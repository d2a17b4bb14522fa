// createSimulator: an agent export plus a webhook target (or stubs) in, conversations out. The
// classifier is loaded and trained on first use, so event- and intent-driven tests never pay for it.
import type { Nlu } from '../nlu/index.ts';
import { defaultAgentName, ResourceNames } from './names.ts';
import { seededRandom } from './random.ts';
import { newSessionId, Session, type SessionDeps } from './session.ts';
import type { SessionStart, SimSession, Simulator, SimulatorOptions } from './types.ts';

/**
 * Runs an agent's flows, pages, forms and routes offline and calls the webhook for real.
 * @example
 * const sim = createSimulator({ agent: await loadAgent('agent/'), webhook: { app } });
 * const turn = await sim.session().send({ text: 'book a dive trip' });
 * console.log(turn.page, turn.texts.map((t) => t.text));
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const { agent } = options;
  const languageCode = options.languageCode ?? agent.defaultLanguageCode;
  let nlu: Promise<Nlu> | undefined;
  const deps: SessionDeps = {
    options,
    agent,
    // The NLU (and its date and phone parsers) loads on the first text turn only.
    nlu: () => (nlu ??= import('../nlu/index.ts').then(({ buildNlu }) => buildNlu(agent, { languageCode }))),
    names: new ResourceNames(options.agentName ?? defaultAgentName(agent)),
    languageCode,
    now: options.now ?? (() => new Date()),
    random: options.random ?? seededRandom(),
  };
  return {
    agent,
    session(start: SessionStart = {}): SimSession {
      return new Session(deps, start, start.id ?? newSessionId());
    },
  };
}

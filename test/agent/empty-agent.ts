// An Agent with nothing in it, for tests that build only the parts they exercise.
import type { Agent } from '../../src/agent/model.ts';

/** An English agent with no flows, intents or webhooks; `init` fills in what a test needs. */
export function emptyAgent(init: Partial<Agent> = {}): Agent {
  return {
    defaultLanguageCode: 'en',
    supportedLanguageCodes: ['en'],
    flows: new Map(),
    intents: new Map(),
    entityTypes: new Map(),
    webhooks: new Map(),
    routeGroups: new Map(),
    testCases: [],
    generators: new Map(),
    playbooks: [],
    unsimulated: [],
    problems: [],
    origin: 'test',
    ...init,
  };
}

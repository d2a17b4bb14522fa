// Small hand-made agents for the NLU tests: only the fields the NLU reads are filled in.
import type { Agent, EntityType, Intent, TrainingPhrase } from '../../../src/agent/model.ts';
import { emptyAgent } from '../../agent/empty-agent.ts';

const source = { file: 'test', path: '$' };

/** A training phrase from text where `[words](param)` marks an annotated part. */
export function phrase(text: string, options: { languageCode?: string; repeatCount?: number } = {}): TrainingPhrase {
  const parts: TrainingPhrase['parts'] = [];
  let last = 0;
  for (const m of text.matchAll(/\[([^\]]+)\]\(([^)]+)\)/g)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ text: m[1]!, parameterId: m[2]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return { parts, repeatCount: options.repeatCount ?? 1, languageCode: options.languageCode ?? 'en' };
}

export function intent(displayName: string, phrases: (string | TrainingPhrase)[], extra: Partial<Intent> = {}): Intent {
  return {
    id: displayName,
    displayName,
    priority: 500000,
    isFallback: false,
    labels: {},
    parameters: [],
    trainingPhrases: phrases.map((p) => (typeof p === 'string' ? phrase(p) : p)),
    source,
    ...extra,
  };
}

export function entityType(displayName: string, kind: EntityType['kind'], entries: [string, ...string[]][], extra: Partial<EntityType> = {}): EntityType {
  return {
    id: displayName,
    displayName,
    kind,
    autoExpansion: false,
    fuzzyExtraction: false,
    redact: false,
    entities: entries.map(([value, ...synonyms]) => ({ value, synonyms: synonyms.length > 0 ? synonyms : [value], languageCode: 'en' })),
    excludedPhrases: [],
    source,
    ...extra,
  };
}

export function agent(intents: Intent[], entityTypes: EntityType[] = [], extra: Partial<Agent> = {}): Agent {
  return emptyAgent({
    timeZone: 'America/Los_Angeles',
    startFlow: 'Default Start Flow',
    intents: new Map(intents.map((i) => [i.displayName, i])),
    entityTypes: new Map(entityTypes.map((e) => [e.displayName, e])),
    ...extra,
  });
}

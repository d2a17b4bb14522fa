// Measures the NLU on an agent's own phrases: every fifth phrase of each intent is held out, the
// rest trains the NLU, and each held-out phrase is matched at the start flow's threshold.
import path from 'node:path';
import { DEFAULT_CLASSIFICATION_THRESHOLD, type Agent, type Intent } from '../../agent/index.ts';
import { buildNlu } from './nlu.ts';

export interface HeldOutMiss {
  text: string;
  expected: string;
  /** Absent for a no-match. */
  got?: string;
  confidence: number;
}

export interface AccuracyReport {
  agent: string;
  /** Intents that took part (with training phrases, not negative, priority ≥ 0). */
  intents: number;
  train: number;
  test: number;
  threshold: number;
  /** Share of held-out phrases matched to their own intent. */
  accuracy: number;
  /** Share of held-out phrases that matched no intent. */
  noMatchRate: number;
  misses: HeldOutMiss[];
}

/** Every `every`-th phrase (the 5th, 10th, …) is held out; intents with fewer than 3 keep them all. */
export const HOLD_OUT_EVERY = 5;
const MIN_PHRASES_TO_SPLIT = 3;

/**
 * Trains on part of each intent's phrases and reports how the rest are matched.
 * @example measureAccuracy(await loadAgent('agents/divebooker')).accuracy // 1
 */
export function measureAccuracy(agent: Agent, options: { languageCode?: string } = {}): AccuracyReport {
  const languageCode = (options.languageCode ?? agent.defaultLanguageCode).toLowerCase();
  const held: { text: string; expected: string }[] = [];
  const intents = new Map<string, Intent>();
  let train = 0;
  let taking = 0;
  for (const intent of agent.intents.values()) {
    const ours = intent.trainingPhrases.filter((p) => (p.languageCode ?? agent.defaultLanguageCode).toLowerCase() === languageCode);
    if (intent.isFallback || intent.priority < 0 || ours.length === 0) {
      intents.set(intent.displayName, intent);
      continue;
    }
    taking++;
    const split = ours.length >= MIN_PHRASES_TO_SPLIT;
    const kept = ours.filter((phrase, i) => {
      const out = split && i % HOLD_OUT_EVERY === HOLD_OUT_EVERY - 1;
      if (out) held.push({ text: phrase.parts.map((p) => p.text).join(''), expected: intent.displayName });
      return !out;
    });
    train += kept.length;
    intents.set(intent.displayName, { ...intent, trainingPhrases: kept });
  }
  const threshold = (agent.startFlow ? agent.flows.get(agent.startFlow)?.classificationThreshold : undefined) ?? DEFAULT_CLASSIFICATION_THRESHOLD;
  const nlu = buildNlu({ ...agent, intents }, { languageCode });
  const misses: HeldOutMiss[] = [];
  let correct = 0;
  let noMatch = 0;
  for (const { text, expected } of held) {
    const result = nlu.matchIntent(text, { threshold });
    if (result.intent === expected) correct++;
    else {
      if (result.intent === undefined) noMatch++;
      misses.push({ text, expected, ...(result.intent === undefined ? {} : { got: result.intent }), confidence: result.confidence });
    }
  }
  const share = (n: number) => (held.length === 0 ? 0 : n / held.length);
  return {
    agent: agent.displayName ?? path.basename(agent.origin.replace(/[\\/]+$/, '')),
    intents: taking,
    train,
    test: held.length,
    threshold,
    accuracy: share(correct),
    noMatchRate: share(noMatch),
    misses,
  };
}

// Builds intents (spec cx-agent-export §5.5) with the training phrases of every language.
import type { Intent, TrainingPhrase } from '../model.ts';
import { recordOf } from './key-values.ts';
import type { ParsedIntent } from './read-resources.ts';
import type { TrainingPhraseShape } from './shapes.ts';

/** What CX stores for an intent whose priority is 0 or unset (the console's "Normal"). */
export const DEFAULT_INTENT_PRIORITY = 500000;

function phraseOf(raw: TrainingPhraseShape, language: string | undefined): TrainingPhrase {
  const phrase: TrainingPhrase = {
    parts: raw.parts.map((part) => (part.parameterId ? { text: part.text, parameterId: part.parameterId } : { text: part.text })),
    repeatCount: raw.repeatCount ?? 1,
  };
  const id = raw.id ?? raw.name;
  if (id) phrase.id = id;
  const languageCode = raw.languageCode ?? language;
  if (languageCode) phrase.languageCode = languageCode;
  return phrase;
}

/**
 * The model of a parsed intent; phrases come from its `trainingPhrases/<lang>.json` files (and from
 * the intent file itself, where an API-style export keeps them inline).
 * @example intentOf(parsed).priority // 500000
 */
export function intentOf(parsed: ParsedIntent): Intent {
  const { data } = parsed;
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(recordOf(data.labels))) labels[key] = typeof value === 'string' ? value : JSON.stringify(value);
  const intent: Intent = {
    id: parsed.id,
    displayName: parsed.displayName,
    priority: data.priority || DEFAULT_INTENT_PRIORITY,
    isFallback: data.isFallback ?? false,
    labels,
    parameters: (data.parameters ?? []).map((parameter) => ({ id: parameter.id, entityType: parameter.entityType, isList: parameter.isList ?? false, redact: parameter.redact ?? false })),
    trainingPhrases: [
      ...(data.trainingPhrases ?? []).map((raw) => phraseOf(raw, undefined)),
      ...parsed.trainingPhrases.flatMap((file) => file.phrases.map((raw) => phraseOf(raw, file.language))),
    ],
    source: { file: parsed.file, path: '$' },
  };
  if (data.description) intent.description = data.description;
  return intent;
}

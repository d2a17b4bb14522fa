// The classifier's JSON model and the check that a value read back from JSON really is one.
import * as z from 'zod';
import { CxhookError } from '../../errors/cxhook-error.ts';
import type { FeatureSettings } from './features.ts';

/** A trained classifier as plain JSON: what `toJSON` writes and `fromJSON` reads. */
export interface ClassifierModel {
  version: 1;
  features: FeatureSettings;
  /** Feature names (`w:` word, `b:` word pair), sorted. */
  vocab: string[];
  idf: number[];
  /** Label names, sorted; row k of `weights` and `bias[k]` belong to `labels[k]`. */
  labels: string[];
  /** True when one more row, after the labels' rows, is the negative (no-match) class. */
  negatives: boolean;
  weights: number[][];
  bias: number[];
}

// zod 4's number() refuses NaN and ±Infinity, which a broken training run or a hand edit could leave.
const finite = z.number();
const schema = z.object({
  version: z.literal(1),
  features: z.object({ stem: z.boolean(), bigrams: z.boolean() }),
  vocab: z.array(z.string()),
  idf: z.array(finite),
  labels: z.array(z.string().min(1)).min(1),
  negatives: z.boolean(),
  weights: z.array(z.array(finite)),
  bias: z.array(finite),
});

/**
 * `value` as a ClassifierModel, or CXH_ERR_INVALID_NLU_MODEL saying what is wrong with it.
 * @example readClassifierModel(JSON.parse(text))
 */
export function readClassifierModel(value: unknown): ClassifierModel {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new CxhookError('CXH_ERR_INVALID_NLU_MODEL', [`${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`], { details: parsed.error.issues });
  }
  const model = parsed.data;
  const rows = model.labels.length + (model.negatives ? 1 : 0);
  const problem =
    model.idf.length !== model.vocab.length ? `idf has ${model.idf.length} entries for ${model.vocab.length} vocabulary entries`
    : model.weights.length !== rows ? `weights has ${model.weights.length} rows, expected ${rows}`
    : model.bias.length !== rows ? `bias has ${model.bias.length} entries, expected ${rows}`
    : model.weights.findIndex((row) => row.length !== model.vocab.length) >= 0 ? `a weights row is not ${model.vocab.length} long`
    : new Set(model.labels).size !== model.labels.length ? 'labels repeat'
    : undefined;
  if (problem) throw new CxhookError('CXH_ERR_INVALID_NLU_MODEL', [problem]);
  return model as ClassifierModel;
}

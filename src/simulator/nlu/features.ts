// Turns text into the classifier's input: TF-IDF weights of words (and, when asked, adjacent word
// pairs), L2-normalised, as a sparse vector over a fixed vocabulary.
import { terms } from './tokenize.ts';

/** How text becomes features; stored in the model so a loaded model reads text the same way. */
export interface FeatureSettings {
  /** Porter2 stemming (English agents). */
  stem: boolean;
  /** Adjacent word pairs as features, besides single words. */
  bigrams: boolean;
}

/** Vocabulary indexes and their weights, indexes ascending. */
export interface SparseVector {
  indexes: number[];
  values: number[];
}

/**
 * The feature names of one text, repeated as often as they occur.
 * @example featureNames('book a dive', { stem: true, bigrams: true }) // ['w:book', 'w:a', 'w:dive', 'b:book a', 'b:a dive']
 */
export function featureNames(text: string, settings: FeatureSettings): string[] {
  const words = terms(text, { stem: settings.stem });
  const names = words.map((word) => `w:${word}`);
  if (settings.bigrams) for (let i = 1; i < words.length; i++) names.push(`b:${words[i - 1]} ${words[i]}`);
  return names;
}

/** Smoothed inverse document frequency, as scikit-learn computes it: `log((1 + N) / (1 + df)) + 1`. */
export function inverseDocumentFrequency(documents: number, documentFrequency: number): number {
  return Math.log((1 + documents) / (1 + documentFrequency)) + 1;
}

/**
 * The sorted vocabulary and the IDF of each entry, learnt from the training texts.
 * @example fitVocabulary(['book a dive', 'cancel'], settings).vocab.includes('w:book') // true
 */
export function fitVocabulary(texts: readonly string[], settings: FeatureSettings): { vocab: string[]; idf: number[] } {
  const documentFrequency = new Map<string, number>();
  for (const text of texts) {
    for (const name of new Set(featureNames(text, settings))) documentFrequency.set(name, (documentFrequency.get(name) ?? 0) + 1);
  }
  // Sorted so the same phrases always give the same model, whatever order they came in.
  const vocab = [...documentFrequency.keys()].sort();
  return { vocab, idf: vocab.map((name) => inverseDocumentFrequency(texts.length, documentFrequency.get(name) ?? 0)) };
}

/** Maps text to TF-IDF vectors over a fitted vocabulary. */
export class Vectorizer {
  private readonly index: Map<string, number>;

  constructor(
    readonly vocab: readonly string[],
    readonly idf: readonly number[],
    readonly settings: FeatureSettings,
  ) {
    this.index = new Map(vocab.map((name, i) => [name, i]));
  }

  /**
   * The text's L2-normalised TF-IDF vector, and the share of its words the vocabulary knows (1 for a
   * text made only of known words, 0 for one with no known word).
   * @example vectorizer.vectorize('book a dive').known // 1
   */
  vectorize(text: string): { vector: SparseVector; known: number } {
    const counts = new Map<number, number>();
    let wordCount = 0;
    let knownWords = 0;
    for (const name of featureNames(text, this.settings)) {
      const index = this.index.get(name);
      if (name.startsWith('w:')) {
        wordCount++;
        if (index !== undefined) knownWords++;
      }
      if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
    }
    const indexes = [...counts.keys()].sort((a, b) => a - b);
    const values = indexes.map((i) => (counts.get(i) ?? 0) * (this.idf[i] ?? 0));
    const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
    return {
      vector: { indexes, values: norm > 0 ? values.map((v) => v / norm) : values },
      known: wordCount === 0 ? 0 : knownWords / wordCount,
    };
  }
}

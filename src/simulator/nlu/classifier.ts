// cxhook's intent classifier: TF-IDF features and a softmax logistic regression trained on an
// agent's training phrases, saved as a plain JSON model. Negative examples form one extra class.
import { invalidOption, wholeNumber } from '../../errors/invalid-option.ts';
import { fitVocabulary, Vectorizer, type FeatureSettings } from './features.ts';
import { readClassifierModel, type ClassifierModel } from './model.ts';
import { fitSoftmax, scores, softmax } from './softmax.ts';

export type { ClassifierModel } from './model.ts';

/** One label's score: its probability, scaled by how much of the text the model knows. */
export interface LabelConfidence {
  label: string;
  confidence: number;
}

export interface Classification {
  /** The best label among the candidates; absent when no candidate fits or the negatives fit better. */
  label?: string;
  /** The best candidate's confidence (0 when there is none), also when `label` is absent. */
  confidence: number;
  /** Every candidate label, best first. */
  ranking: LabelConfidence[];
}

export interface TrainOptions {
  /** Texts that mean "none of these" (the Default Negative Intent's phrases). */
  negatives?: string[];
  /** Gradient descent steps over the whole set (default 300). */
  epochs?: number;
  /** L2 penalty (default 0.0001): larger gives softer, less confident probabilities. */
  l2?: number;
  /** Porter2 stemming, which is English (default true; buildNlu turns it off for other languages). */
  stem?: boolean;
}

/** The feature recipe of new models; kept in each model so an older one reads text its own way. */
// Measured on goodbye-graffiti's held-out phrases (docs/nlu.md): stemming helps (+2 points); bigrams
// and character n-grams did not (-1 to -2 points) and made the model 4-7 times larger.
export const DEFAULT_FEATURES: FeatureSettings = { stem: true, bigrams: false };
const DEFAULT_EPOCHS = 300;
// 0.001 left goodbye-graffiti's 22 intents under-confident (47% of held-out phrases below 0.3);
// 0.00001 made texts with one known word look sure. 0.0001 sits between (docs/nlu.md).
const DEFAULT_L2 = 0.0001;
// Features are L2-normalised, so the loss's curvature is bounded and this step is stable.
const LEARNING_RATE = 4;

/** Classifies text into one of the labels it was trained on. Build it with `trainClassifier` or `fromJSON`. */
export class IntentClassifier {
  private readonly vectorizer: Vectorizer;

  private constructor(private readonly model: ClassifierModel) {
    this.vectorizer = new Vectorizer(model.vocab, model.idf, model.features);
  }

  /** The labels the classifier knows, sorted. */
  get labels(): readonly string[] {
    return this.model.labels;
  }

  /**
   * Ranks the labels (or only `candidates`) for `text`. Probabilities come from the whole model, so
   * restricting the candidates never inflates a confidence; without candidates and with every word
   * known they sum to 1 (less the negatives' share).
   * @example classifier.classify('I want to book a dive').label // 'book'
   */
  classify(text: string, candidates?: Iterable<string>): Classification {
    if (typeof text !== 'string') throw invalidOption('text', `must be a string, got ${typeof text}`);
    const allowed = candidates === undefined ? undefined : new Set(candidates);
    const { vector, known } = this.vectorizer.vectorize(text);
    const probabilities = softmax(scores(vector, this.model.weights, this.model.bias));
    const ranking = this.model.labels
      .map((label, k) => ({ label, confidence: known * (probabilities[k] ?? 0) }))
      .filter(({ label }) => allowed === undefined || allowed.has(label))
      .sort((a, b) => b.confidence - a.confidence);
    const negative = this.model.negatives ? known * (probabilities[this.model.labels.length] ?? 0) : 0;
    const best = ranking[0];
    if (best === undefined) return { confidence: 0, ranking };
    const matched = best.confidence > 0 && best.confidence >= negative;
    return { ...(matched ? { label: best.label } : {}), confidence: best.confidence, ranking };
  }

  /** The plain JSON model (`{ version, features, vocab, idf, labels, negatives, weights, bias }`). */
  toJSON(): ClassifierModel {
    return structuredClone(this.model);
  }

  /**
   * A classifier from a model `toJSON` wrote; it scores exactly like the original.
   * @example IntentClassifier.fromJSON(JSON.parse(readFileSync('model.json', 'utf8')))
   */
  static fromJSON(model: unknown): IntentClassifier {
    return new IntentClassifier(readClassifierModel(model));
  }

  /** @internal Used by trainClassifier. */
  static fromModel(model: ClassifierModel): IntentClassifier {
    return new IntentClassifier(model);
  }
}

function checkExamples(examples: unknown): asserts examples is { label: string; text: string }[] {
  if (!Array.isArray(examples) || examples.length === 0) throw invalidOption('examples', 'must be a non-empty array of { label, text }');
  examples.forEach((example: unknown, i) => {
    const { label, text } = (example ?? {}) as { label?: unknown; text?: unknown };
    if (typeof label !== 'string' || label === '' || typeof text !== 'string') {
      throw invalidOption(`examples[${i}]`, 'must be { label: non-empty string, text: string }');
    }
  });
}

/**
 * Trains a classifier on labelled texts; the same examples always give the same model.
 * @example trainClassifier([{ label: 'book', text: 'book a dive' }, { label: 'cancel', text: 'cancel my booking' }]).classify('please book').label // 'book'
 */
export function trainClassifier(examples: { label: string; text: string }[], options: TrainOptions = {}): IntentClassifier {
  checkExamples(examples);
  const negatives = options.negatives ?? [];
  if (!Array.isArray(negatives) || negatives.some((t) => typeof t !== 'string')) throw invalidOption('negatives', 'must be an array of strings');
  const epochs = wholeNumber('epochs', options.epochs ?? DEFAULT_EPOCHS, 1);
  const l2 = options.l2 ?? DEFAULT_L2;
  if (typeof l2 !== 'number' || !Number.isFinite(l2) || l2 < 0) throw invalidOption('l2', `must be a finite number ≥ 0, got ${String(l2)}`);

  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const texts = [...examples.map((e) => e.text), ...negatives];
  const targets = [...examples.map((e) => labels.indexOf(e.label)), ...negatives.map(() => labels.length)];
  const stem = options.stem ?? DEFAULT_FEATURES.stem;
  if (typeof stem !== 'boolean') throw invalidOption('stem', `must be true or false, got ${String(stem)}`);
  const features: FeatureSettings = { ...DEFAULT_FEATURES, stem };
  const { vocab, idf } = fitVocabulary(texts, features);
  const vectorizer = new Vectorizer(vocab, idf, features);
  const vectors = texts.map((text) => vectorizer.vectorize(text).vector);
  const classes = labels.length + (negatives.length > 0 ? 1 : 0);
  const fit = fitSoftmax(vectors, targets, classes, vocab.length, { epochs, l2, learningRate: LEARNING_RATE });
  return IntentClassifier.fromModel({ version: 1, features, vocab, idf, labels, negatives: negatives.length > 0, weights: fit.weights, bias: fit.bias });
}

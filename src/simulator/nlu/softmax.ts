// Multinomial (softmax) logistic regression fitted by full-batch gradient descent with momentum and
// an L2 penalty. Deterministic: zero start, examples in the given order, no randomness.
import type { SparseVector } from './features.ts';

export interface SoftmaxFit {
  /** One row of feature weights per class. */
  weights: number[][];
  bias: number[];
}

export interface SoftmaxOptions {
  epochs: number;
  /** L2 penalty on the weights (not the bias), against the mean loss; larger gives softer probabilities. */
  l2: number;
  learningRate: number;
}

const MOMENTUM = 0.9;

/**
 * The probabilities of each class for the given scores, computed stably.
 * @example softmax([0, 0]) // [0.5, 0.5]
 */
export function softmax(scores: readonly number[]): number[] {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  const exps = scores.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/**
 * The class scores (logits) of one vector: `W·x + b`.
 * @example scores({ indexes: [1], values: [1] }, [[0, 2], [0, -2]], [0, 0]) // [2, -2]
 */
export function scores(vector: SparseVector, weights: readonly ArrayLike<number>[], bias: ArrayLike<number>): number[] {
  const result = new Array<number>(weights.length);
  for (let k = 0; k < weights.length; k++) {
    const row = weights[k]!;
    let sum = bias[k] ?? 0;
    for (let n = 0; n < vector.indexes.length; n++) sum += row[vector.indexes[n]!]! * vector.values[n]!;
    result[k] = sum;
  }
  return result;
}

// Six decimals are far below any difference that changes a ranking and keep the JSON model about
// half the size; the rounded weights are the ones the classifier uses, so nothing is lost on saving.
const round = (x: number): number => Math.round(x * 1e6) / 1e6 || 0;

/**
 * Fits weights so that softmax(W·x + b) predicts each example's class (`targets[i]`, 0-based).
 * @example fitSoftmax([{ indexes: [0], values: [1] }, { indexes: [1], values: [1] }], [0, 1], 2, 2, { epochs: 100, l2: 1e-4, learningRate: 4 })
 */
export function fitSoftmax(vectors: readonly SparseVector[], targets: readonly number[], classes: number, features: number, options: SoftmaxOptions): SoftmaxFit {
  const weights = Array.from({ length: classes }, () => new Float64Array(features));
  const bias = new Float64Array(classes);
  const weightGradient = Array.from({ length: classes }, () => new Float64Array(features));
  const biasGradient = new Float64Array(classes);
  const weightSteps = Array.from({ length: classes }, () => new Float64Array(features));
  const biasSteps = new Float64Array(classes);
  const share = 1 / Math.max(1, vectors.length);

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const row of weightGradient) row.fill(0);
    biasGradient.fill(0);
    for (let i = 0; i < vectors.length; i++) {
      const vector = vectors[i]!;
      const probabilities = softmax(scores(vector, weights, bias));
      for (let k = 0; k < classes; k++) {
        const error = (probabilities[k]! - (targets[i] === k ? 1 : 0)) * share;
        biasGradient[k]! += error;
        const row = weightGradient[k]!;
        for (let n = 0; n < vector.indexes.length; n++) row[vector.indexes[n]!]! += error * vector.values[n]!;
      }
    }
    for (let k = 0; k < classes; k++) {
      const row = weights[k]!;
      const step = weightSteps[k]!;
      const gradient = weightGradient[k]!;
      for (let j = 0; j < features; j++) {
        step[j] = MOMENTUM * step[j]! - options.learningRate * (gradient[j]! + options.l2 * row[j]!);
        row[j]! += step[j]!;
      }
      biasSteps[k] = MOMENTUM * biasSteps[k]! - options.learningRate * biasGradient[k]!;
      bias[k]! += biasSteps[k]!;
    }
  }
  return { weights: weights.map((row) => Array.from(row, round)), bias: Array.from(bias, round) };
}

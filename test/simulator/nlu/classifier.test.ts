// The intent classifier: learns from labelled texts, ranks with probabilities, saves and reloads.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IntentClassifier, trainClassifier } from '../../../src/simulator/nlu/index.ts';
import { isCxhookError } from '../../../src/errors/index.ts';

const EXAMPLES = [
  { label: 'book', text: 'I want to book a dive' },
  { label: 'book', text: 'book me a trip please' },
  { label: 'book', text: 'can I reserve a boat for the weekend' },
  { label: 'book', text: 'make a reservation for two divers' },
  { label: 'cancel', text: 'cancel my booking' },
  { label: 'cancel', text: 'I need to cancel the trip' },
  { label: 'cancel', text: 'please call off my reservation' },
  { label: 'cancel', text: 'drop the booking I made' },
  { label: 'weather', text: 'what is the weather like' },
  { label: 'weather', text: 'will it rain tomorrow' },
  { label: 'weather', text: 'is the sea calm today' },
  { label: 'weather', text: 'how windy is it' },
];

describe('trainClassifier', () => {
  const classifier = trainClassifier(EXAMPLES);

  test('classifies unseen sentences of separable intents to the right label', () => {
    assert.equal(classifier.classify('I would like to book a boat').label, 'book');
    assert.equal(classifier.classify('cancel the reservation please').label, 'cancel');
    assert.equal(classifier.classify('is it going to rain').label, 'weather');
  });

  test('ranks every label, best first, with probabilities that sum to 1 for a text of known words', () => {
    const result = classifier.classify('book a trip');
    assert.deepEqual(result.ranking.map((r) => r.label).sort(), ['book', 'cancel', 'weather']);
    assert.equal(result.ranking[0]?.label, 'book');
    for (let i = 1; i < result.ranking.length; i++) assert.ok(result.ranking[i - 1]!.confidence >= result.ranking[i]!.confidence);
    const sum = result.ranking.reduce((s, r) => s + r.confidence, 0);
    assert.ok(Math.abs(sum - 1) < 1e-9, `sum ${sum}`);
    assert.equal(result.confidence, result.ranking[0]?.confidence);
    assert.ok(result.confidence > 0.5 && result.confidence < 1);
  });

  test('scales confidence down by the share of unknown words and gives no label to a text of unknown words', () => {
    const known = classifier.classify('cancel my booking').confidence;
    const halfKnown = classifier.classify('cancel my booking zork blorp quux').confidence;
    assert.ok(halfKnown < known * 0.6, `${halfKnown} vs ${known}`);
    const unknown = classifier.classify('zork blorp');
    assert.equal(unknown.label, undefined);
    assert.equal(unknown.confidence, 0);
    assert.equal(classifier.classify('').label, undefined);
  });

  test('is deterministic: the same examples give the same model JSON, whatever their order', () => {
    const again = JSON.stringify(trainClassifier(EXAMPLES).toJSON());
    assert.equal(JSON.stringify(classifier.toJSON()), again);
    assert.equal(JSON.stringify(trainClassifier([...EXAMPLES].reverse()).toJSON()), again);
  });

  test('writes a plain JSON model with the documented fields and consistent sizes', () => {
    const model = classifier.toJSON();
    assert.deepEqual(Object.keys(model).sort(), ['bias', 'features', 'idf', 'labels', 'negatives', 'version', 'vocab', 'weights']);
    assert.deepEqual(model.labels, ['book', 'cancel', 'weather']);
    assert.equal(model.weights.length, 3);
    assert.ok(model.weights.every((row) => row.length === model.vocab.length));
    assert.equal(model.idf.length, model.vocab.length);
    assert.ok(model.vocab.includes('w:book'), 'stemmed words are features');
    assert.ok(model.vocab.includes('w:reserv'), 'reserve and reservation share a stem');
  });

  test('restricts the ranking and the label to the candidates without inflating their confidence', () => {
    const all = classifier.classify('cancel my booking');
    const restricted = classifier.classify('cancel my booking', ['book', 'weather']);
    assert.deepEqual(restricted.ranking.map((r) => r.label).sort(), ['book', 'weather']);
    assert.notEqual(restricted.label, 'cancel');
    assert.equal(restricted.confidence, all.ranking.find((r) => r.label === restricted.label)?.confidence);
    assert.ok(restricted.confidence < 0.5);
    const none = classifier.classify('cancel my booking', []);
    assert.deepEqual(none, { confidence: 0, ranking: [] });
  });

  test('without stemming, reserve and reservation are different features', () => {
    const vocab = trainClassifier(EXAMPLES, { stem: false }).toJSON().vocab;
    assert.ok(vocab.includes('w:reserve') && vocab.includes('w:reservation') && !vocab.includes('w:reserv'));
  });

  test('trains for more epochs and a smaller L2 into surer probabilities', () => {
    const soft = trainClassifier(EXAMPLES, { l2: 0.01 }).classify('cancel my booking').confidence;
    const sure = trainClassifier(EXAMPLES, { l2: 0.00001, epochs: 600 }).classify('cancel my booking').confidence;
    assert.ok(sure > soft + 0.1, `${sure} vs ${soft}`);
  });

  test('refuses examples and options it cannot use, with a coded error', () => {
    const refuses = (run: () => unknown, pattern: RegExp) =>
      assert.throws(run, (error: unknown) => isCxhookError(error) && error.code === 'CXH_ERR_INVALID_OPTION' && pattern.test(error.message));
    refuses(() => trainClassifier([]), /examples/);
    refuses(() => trainClassifier([{ label: '', text: 'x' }]), /examples\[0\]/);
    refuses(() => trainClassifier([{ label: 'a', text: 3 }] as never), /examples\[0\]/);
    refuses(() => trainClassifier(EXAMPLES, { epochs: 0 }), /epochs/);
    refuses(() => trainClassifier(EXAMPLES, { l2: -1 }), /l2/);
    refuses(() => trainClassifier(EXAMPLES, { negatives: [1] as never }), /negatives/);
    refuses(() => trainClassifier(EXAMPLES, { stem: 'yes' as never }), /stem/);
    refuses(() => classifier.classify(undefined as never), /text/);
  });
});

describe('negative examples', () => {
  const classifier = trainClassifier(EXAMPLES, {
    negatives: ['tell me a joke', 'tell me something funny', 'sing me a song', 'who are you', 'what is your name'],
  });

  test('a text closest to the negatives gets no label but still reports the best real label', () => {
    const result = classifier.classify('tell me a funny joke');
    assert.equal(result.label, undefined);
    assert.ok(result.ranking.length === 3 && !result.ranking.some((r) => r.label.includes('negative')));
    assert.ok(result.ranking.reduce((s, r) => s + r.confidence, 0) < 0.5, 'the negatives hold most of the probability');
  });

  test('texts of the real intents are still labelled', () => {
    assert.equal(classifier.classify('I want to book a dive trip').label, 'book');
    assert.equal(classifier.classify('cancel my reservation').label, 'cancel');
  });

  test('the negative class is saved as one extra row', () => {
    const model = classifier.toJSON();
    assert.equal(model.negatives, true);
    assert.equal(model.weights.length, model.labels.length + 1);
  });
});

describe('IntentClassifier.fromJSON', () => {
  const classifier = trainClassifier(EXAMPLES, { negatives: ['tell me a joke'] });

  test('a model read back from JSON text scores every text exactly like the original', () => {
    const copy = IntentClassifier.fromJSON(JSON.parse(JSON.stringify(classifier.toJSON())));
    for (const text of ['book a dive', 'cancel it', 'will it be windy', 'tell me a joke', 'nonsense words', '']) {
      assert.deepEqual(copy.classify(text), classifier.classify(text));
    }
  });

  test('refuses what is not a model, saying what is wrong', () => {
    const model = classifier.toJSON();
    const refuses = (value: unknown, pattern: RegExp) =>
      assert.throws(() => IntentClassifier.fromJSON(value as never), (error: unknown) => isCxhookError(error) && error.code === 'CXH_ERR_INVALID_NLU_MODEL' && pattern.test(error.message));
    refuses(null, /root/);
    refuses({ ...model, version: 2 }, /version/);
    refuses({ ...model, idf: model.idf.slice(1) }, /idf has/);
    refuses({ ...model, weights: model.weights.slice(1) }, /weights has/);
    refuses({ ...model, bias: [...model.bias, 0] }, /bias has/);
    refuses({ ...model, weights: model.weights.map((row, i) => (i === 0 ? row.slice(1) : row)) }, /weights row/);
    refuses({ ...model, weights: [[Number.POSITIVE_INFINITY, ...model.weights[0]!.slice(1)], ...model.weights.slice(1)] }, /weights\.0\.0/);
    refuses({ ...model, labels: ['book', 'book', 'weather'] }, /labels repeat/);
  });
});

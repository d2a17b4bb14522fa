// How text becomes words (for entity spans) and classifier terms.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NUMBER_TERM, terms, words } from '../../../src/simulator/nlu/tokenize.ts';

describe('words', () => {
  test('keeps offsets, inner apostrophes and decimal numbers, and drops punctuation', () => {
    const text = "Don't go, it's 2.5 km to São Tomé!";
    assert.deepEqual(words(text).map((w) => w.text), ["Don't", 'go', "it's", '2.5', 'km', 'to', 'São', 'Tomé']);
    for (const w of words(text)) assert.equal(text.slice(w.start, w.end), w.text);
  });
});

describe('terms', () => {
  test('lower-cases, strips accents, stems English and folds numbers into one term', () => {
    assert.deepEqual(terms('Booking 16 divers to São Tomé', { stem: true }), ['book', NUMBER_TERM, 'diver', 'to', 'sao', 'tome']);
    assert.deepEqual(terms('Booking 1,250 divers', { stem: false }), ['booking', NUMBER_TERM, 'divers']);
  });

  test('keeps an entity reference whole and unstemmed', () => {
    assert.deepEqual(terms('a trip to @destination with @number-of-guests people', { stem: true }), ['a', 'trip', 'to', '@destination', 'with', '@number-of-guests', 'peopl']);
  });
});

// Splits user text into words (with their offsets, for entity spans) and into the normalised terms
// the classifier counts: lower case, numbers folded into one term, English words stemmed, entity
// references (`@destination`) kept whole.
import stemEnglish from 'wink-porter2-stemmer';

/** A word of the text and where it is (UTF-16 offsets, end exclusive). */
export interface Word {
  text: string;
  start: number;
  end: number;
}

// Letters, marks and digits, with inner apostrophes ("don't", "o'clock") and decimal points ("2.5").
const WORD = /[\p{L}\p{M}\p{N}]+(?:(?:['’][\p{L}\p{M}]+)|(?:[.,]\p{N}+))*/gu;
const DIGITS = /^[\p{N}.,]+$/u;
// `@destination`: the NLU writes an entity type's reference in place of each of its values, so a
// phrase about Mexico teaches the classifier about every destination. One term, never stemmed.
const ENTITY_REFERENCE = /@[\p{L}\p{N}_.-]*[\p{L}\p{N}_]/u;
const TERM = new RegExp(`${ENTITY_REFERENCE.source}|${WORD.source}`, 'gu');

/** The term every number becomes, so "16 divers" and "18 divers" share their features. */
export const NUMBER_TERM = '<num>';

/**
 * The words of `text` in order, with their offsets.
 * @example words('Hi, Ann!') // [{ text: 'Hi', start: 0, end: 2 }, { text: 'Ann', start: 4, end: 7 }]
 */
export function words(text: string): Word[] {
  return Array.from(text.matchAll(WORD), (match) => ({ text: match[0], start: match.index, end: match.index + match[0].length }));
}

/** Lower case, one apostrophe, no accents: how two spellings of a word are compared. */
export function normalizeWord(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '').replace(/’/g, "'").toLowerCase();
}

/**
 * The classifier's terms for `text`: normalised words, numbers as `<num>`, stemmed when `stem` is set
 * (Porter2, English only).
 * @example terms('Booking 16 divers', { stem: true }) // ['book', '<num>', 'diver']
 */
export function terms(text: string, options: { stem: boolean }): string[] {
  return Array.from(text.matchAll(TERM), ([word]) => {
    if (word.startsWith('@')) return word;
    if (DIGITS.test(word)) return NUMBER_TERM;
    const normal = normalizeWord(word);
    return options.stem ? stemEnglish(normal) : normal;
  });
}

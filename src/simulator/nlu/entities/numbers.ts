// Finds numbers in English text, in digits ("16", "1,250", "2.5", "-3") or words ("eight",
// "twenty-one", "two hundred and five", "3 thousand"), ordinals ("3rd", "twenty-first") and digit
// sequences ("4 2 1 7", "four two one seven").
import { normalizeWord, words, type Word } from '../tokenize.ts';
import { span, type EntityMatch } from './match.ts';

const UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 };
const ORDINAL_UNITS = ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth'];
const ORDINAL_TENS = ['', '', 'twentieth', 'thirtieth', 'fortieth', 'fiftieth', 'sixtieth', 'seventieth', 'eightieth', 'ninetieth'];

const DIGITS = /^\d+(?:\.\d+)?$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const DIGIT_ORDINAL = /^(\d+)(?:st|nd|rd|th)$/i;

type Kind = 'unit' | 'tens' | 'hundred' | 'scale' | 'digits';

function classify(word: string): { kind: Kind; value: number } | undefined {
  const unit = UNITS.indexOf(word);
  if (unit >= 0) return { kind: 'unit', value: unit };
  const tens = TENS.indexOf(word);
  if (tens >= 2) return { kind: 'tens', value: tens * 10 };
  if (word === 'hundred') return { kind: 'hundred', value: 100 };
  if (word in SCALES) return { kind: 'scale', value: SCALES[word]! };
  if (GROUPED.test(word)) return { kind: 'digits', value: Number(word.replace(/,/g, '')) };
  if (DIGITS.test(word)) return { kind: 'digits', value: Number(word) };
  return undefined;
}

// Which word kinds may follow which, so "one two three" reads as three numbers, not six.
const FOLLOWS: Record<Kind | 'start', Kind[]> = {
  start: ['unit', 'tens', 'digits', 'hundred', 'scale'],
  unit: ['hundred', 'scale'],
  tens: ['unit', 'hundred', 'scale'],
  digits: ['hundred', 'scale'],
  hundred: ['unit', 'tens', 'scale'],
  scale: ['unit', 'tens', 'digits'],
};

/** Only a space or a hyphen may stand between two words of one number. */
function joinable(text: string, left: Word, right: Word): boolean {
  return /^(?:\s*-\s*|\s+)$/.test(text.slice(left.end, right.start));
}

function negative(text: string, word: Word): boolean {
  return word.start > 0 && text[word.start - 1] === '-' && (word.start < 2 || /[\s(]/.test(text[word.start - 2]!));
}

/**
 * Every number in `text`, resolved to a JS number, in text order.
 * @example findNumbers('we are eight divers, 2 instructors') // [{ original: 'eight', resolved: 8, … }, { original: '2', resolved: 2, … }]
 */
export function findNumbers(text: string): EntityMatch[] {
  const all = words(text);
  const found: EntityMatch[] = [];
  let i = 0;
  while (i < all.length) {
    const normal = normalizeWord(all[i]!.text);
    // "a hundred", "a thousand": the article stands for one.
    const article = normal === 'a' && i + 1 < all.length && ['hundred', 'thousand', 'million', 'billion'].includes(normalizeWord(all[i + 1]!.text));
    const first = article ? { kind: 'unit' as Kind, value: 1 } : classify(normal);
    if (!first) {
      i++;
      continue;
    }
    let total = 0;
    let current = 0;
    let previous: Kind | 'start' = 'start';
    let j = i;
    let last = i;
    while (j < all.length) {
      // "two hundred and five", "a thousand and one": "and" joins a scale to what follows it.
      const joiner = j > i && (previous === 'hundred' || previous === 'scale') && normalizeWord(all[j]!.text) === 'and' && j + 1 < all.length;
      if (joiner) j++;
      const word = j === i && article ? first : classify(normalizeWord(all[j]!.text));
      if (!word || !FOLLOWS[previous].includes(word.kind) || (j > i && !joinable(text, all[j - 1]!, all[j]!))) break;
      if (word.kind === 'hundred') current = (current || 1) * 100;
      else if (word.kind === 'scale') {
        total += (current || 1) * word.value;
        current = 0;
      } else current += word.value;
      previous = word.kind;
      last = j;
      j++;
    }
    const value = total + current;
    const start = all[i]!.start;
    const sign = negative(text, all[i]!) ? -1 : 1;
    found.push(span(text, sign < 0 ? start - 1 : start, all[last]!.end, sign * value));
    i = last + 1;
  }
  return found;
}

/**
 * Every ordinal in `text` ("3rd", "first", "twenty-first"), resolved to its number.
 * @example findOrdinals('the third of June') // [{ original: 'third', resolved: 3, … }]
 */
export function findOrdinals(text: string): EntityMatch[] {
  const all = words(text);
  const found: EntityMatch[] = [];
  for (let i = 0; i < all.length; i++) {
    const normal = normalizeWord(all[i]!.text);
    const digits = DIGIT_ORDINAL.exec(normal);
    if (digits) {
      found.push(span(text, all[i]!.start, all[i]!.end, Number(digits[1])));
      continue;
    }
    const tens = TENS.indexOf(normal);
    const next = all[i + 1];
    if (tens >= 2 && next && joinable(text, all[i]!, next) && ORDINAL_UNITS.indexOf(normalizeWord(next.text)) > 0 && ORDINAL_UNITS.indexOf(normalizeWord(next.text)) < 10) {
      found.push(span(text, all[i]!.start, next.end, tens * 10 + ORDINAL_UNITS.indexOf(normalizeWord(next.text))));
      i++;
      continue;
    }
    const value = ORDINAL_UNITS.indexOf(normal) >= 0 ? ORDINAL_UNITS.indexOf(normal) : ORDINAL_TENS.indexOf(normal) >= 2 ? ORDINAL_TENS.indexOf(normal) * 10 : normal === 'hundredth' ? 100 : -1;
    // "second" is an ordinal far more often than a unit of time in the answers a form asks for.
    if (value >= 0) found.push(span(text, all[i]!.start, all[i]!.end, value));
  }
  return found;
}

const DIGIT_WORDS: Record<string, string> = { zero: '0', oh: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9' };

/**
 * Every run of digits in `text`, written as digits or digit words and separated by spaces or
 * hyphens, resolved to the digit string.
 * @example findNumberSequences('my code is 4 2 one 7') // [{ original: '4 2 one 7', resolved: '4217', … }]
 */
export function findNumberSequences(text: string): EntityMatch[] {
  const all = words(text);
  const digitsOf = (word: Word): string | undefined => (/^\d+$/.test(word.text) ? word.text : DIGIT_WORDS[normalizeWord(word.text)]);
  const found: EntityMatch[] = [];
  let i = 0;
  while (i < all.length) {
    if (digitsOf(all[i]!) === undefined || (normalizeWord(all[i]!.text) === 'oh' && digitsOf(all[i + 1] ?? all[i]!) === undefined)) {
      i++;
      continue;
    }
    let j = i;
    let digits = digitsOf(all[i]!)!;
    const continues = (k: number): boolean =>
      k < all.length && digitsOf(all[k]!) !== undefined && /^[\s-]+$/.test(text.slice(all[k - 1]!.end, all[k]!.start)) &&
      // A trailing "oh" is an interjection ("… 1234, oh and"), not a zero.
      (normalizeWord(all[k]!.text) !== 'oh' || continues(k + 1));
    while (continues(j + 1)) {
      j++;
      digits += digitsOf(all[j]!)!;
    }
    found.push(span(text, all[i]!.start, all[j]!.end, digits));
    i = j + 1;
  }
  return found;
}

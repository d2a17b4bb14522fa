// Bounds the shape of a JSON body before anything recursive touches it. A body of 100 000 `[` is
// small enough to pass the body limit, yet every recursive walk (parse checks, redaction, error
// description) would overflow the stack on it; a flat scan of the text costs ~1 ns per character.

export const DEFAULT_MAX_DEPTH = 64;
export const DEFAULT_MAX_KEYS = 10_000;
/** Deeper than this, our own recursive walks (schemas, redaction) would risk the stack. */
export const MAX_MAX_DEPTH = 1000;

export interface JsonLimits {
  /** Deepest nesting of objects and arrays (default 64). */
  maxDepth?: number;
  /** Object keys in the whole body (default 10 000). */
  maxKeys?: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;
/** `"":0`: the shortest a key and its value can be. */
const MIN_KEY_LENGTH = 4;

/** How many times `char` occurs in `text`, counting no further than `max + 1`. */
function occurrences(text: string, char: string, max: number): number {
  let count = 0;
  for (let at = text.indexOf(char); at !== -1 && count <= max; at = text.indexOf(char, at + 1)) count++;
  return count;
}

/**
 * A quick bound that settles most bodies without the scan: nesting is never deeper than the number
 * of `{` and `[` in the text, nor are there more keys than colons (strings included, so these only
 * over-count). indexOf runs natively; the character loop below costs ~3x more on a typical request.
 */
function surelyWithin(text: string, maxDepth: number, maxKeys: number): boolean {
  const braces = occurrences(text, '{', maxDepth);
  if (braces + occurrences(text, '[', maxDepth - braces) > maxDepth) return false;
  // Each key of valid JSON takes at least 4 characters (`"":0`), so a shorter text cannot hold too
  // many; if it has more colons than that allows, it is not JSON, and JSON.parse refuses it next.
  return text.length < MIN_KEY_LENGTH * (maxKeys + 1) || occurrences(text, ':', maxKeys) <= maxKeys;
}

/**
 * Which limit `text` exceeds, as a sentence for the 400 answer, or undefined when within both.
 * Only structure outside strings counts; the text need not be valid JSON (JSON.parse judges that
 * next). Object keys are counted by their colons: outside strings, each key has exactly one. Text
 * too short to hold more than `maxKeys` keys of valid JSON is not counted, whatever its colons.
 * @example exceededJsonLimit('[[[1]]]', 2, 10) // 'nesting deeper than 2 levels'
 */
export function exceededJsonLimit(text: string, maxDepth: number, maxKeys: number): string | undefined {
  if (surelyWithin(text, maxDepth, maxKeys)) return undefined;
  let depth = 0;
  let keys = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Jump to the closing quote: one not preceded by an odd run of backslashes.
      for (;;) {
        const end = text.indexOf('"', i + 1);
        if (end === -1) return undefined; // unterminated: JSON.parse reports it
        let slash = end - 1;
        while (text.charCodeAt(slash) === BACKSLASH) slash--;
        i = end;
        if ((end - 1 - slash) % 2 === 0) break;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return `nesting deeper than ${maxDepth} levels (limits.maxDepth)`;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    } else if (c === COLON) {
      if (++keys > maxKeys) return `more than ${maxKeys} object keys (limits.maxKeys)`;
    }
  }
  return undefined;
}

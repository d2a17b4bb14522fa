// Finds an agent's own entity types in text: KIND_MAP (any synonym resolves to the entry's value),
// KIND_LIST (the words as said) and KIND_REGEXP, never inside an excluded phrase; with
// fuzzyExtraction a synonym also matches a few typing mistakes away.
import { distance } from 'fastest-levenshtein';
import type { EntityType } from '../../../agent/model.ts';
import { normalizeWord, words, type Word } from '../tokenize.ts';
import { longestFirst, span, type EntityMatch } from './match.ts';

/** Finds one entity type's values in text, built once per agent by `compileEntityType`. */
export interface EntityFinder {
  /** Every non-overlapping match, in text order. */
  find(text: string): EntityMatch[];
}

// A composite entry names other entities (`@city:from to @city:to`); those are not simulated.
const COMPOSITE = /@[\w.-]+:[\w-]+/;

interface Phrase {
  words: string[];
  /** What a match resolves to; undefined means the text as said (KIND_LIST). */
  value?: string;
}

/** The edit distance fuzzy matching forgives: none for short words, one typo per four characters after. */
export function allowedTypos(length: number): number {
  return length < 4 ? 0 : Math.min(2, Math.floor(length / 4));
}

function phraseWords(phrase: string): string[] {
  return words(phrase).map((w) => normalizeWord(w.text));
}

/** Where `phrase` (normalised words) occurs in `textWords`; fuzzy compares the joined words. */
function occurrences(textWords: readonly Word[], normal: readonly string[], phrase: readonly string[], fuzzy: boolean): { start: number; end: number; exact: boolean }[] {
  const found: { start: number; end: number; exact: boolean }[] = [];
  const n = phrase.length;
  if (n === 0) return found;
  const joined = phrase.join(' ');
  for (let i = 0; i + n <= textWords.length; i++) {
    const window = normal.slice(i, i + n);
    const exact = window.every((w, j) => w === phrase[j]);
    if (exact || (fuzzy && distance(window.join(' '), joined) <= allowedTypos(joined.length))) {
      found.push({ start: textWords[i]!.start, end: textWords[i + n - 1]!.end, exact });
    }
  }
  return found;
}

function regexes(entityType: EntityType, entries: readonly { value: string; synonyms: string[] }[], notes: string[]): RegExp[] {
  const sources = [...new Set(entries.flatMap((e) => [e.value, ...e.synonyms]))];
  const compiled: RegExp[] = [];
  for (const source of sources) {
    // CX writes regexes in RE2 syntax; a leading (?i) is its case-insensitive flag, which JS lacks inline.
    const insensitive = source.startsWith('(?i)');
    const body = insensitive ? source.slice(4) : source;
    const flags = insensitive ? 'gi' : 'g';
    try {
      compiled.push(new RegExp(body, `${flags}u`));
    } catch {
      try {
        compiled.push(new RegExp(body, flags));
      } catch (error) {
        notes.push(`@${entityType.displayName}: regex ${JSON.stringify(source)} is not valid in JavaScript and is skipped (${(error as Error).message})`);
      }
    }
  }
  return compiled;
}

/**
 * A finder for one custom entity type, for the given language; `notes` collects what it had to skip.
 * @example compileEntityType(agent.entityTypes.get('destination')!, 'en', notes).find('a trip to the sea of cortez') // [{ original: 'sea of cortez', resolved: 'Mexico', … }]
 */
export function compileEntityType(entityType: EntityType, languageCode: string, notes: string[] = []): EntityFinder {
  const inLanguage = <T extends { languageCode?: string }>(items: readonly T[]) => items.filter((item) => item.languageCode === undefined || item.languageCode.toLowerCase() === languageCode.toLowerCase());
  const entries = inLanguage(entityType.entities).filter((entry) => {
    const composite = [entry.value, ...entry.synonyms].some((s) => COMPOSITE.test(s));
    if (composite) notes.push(`@${entityType.displayName}: composite entry ${JSON.stringify(entry.value)} is skipped (composite entities are not simulated)`);
    return !composite;
  });
  const excluded = inLanguage(entityType.excludedPhrases).map((p) => phraseWords(p.value)).filter((p) => p.length > 0);
  const fuzzy = entityType.fuzzyExtraction;

  const candidates: (text: string, textWords: Word[], normal: string[]) => (EntityMatch & { exact: boolean })[] =
    entityType.kind === 'KIND_REGEXP'
      ? (() => {
          const patterns = regexes(entityType, entries, notes);
          return (text) =>
            patterns.flatMap((pattern) => Array.from(text.matchAll(pattern), (m) => ({ ...span(text, m.index, m.index + m[0].length, m[0]), exact: true })));
        })()
      : (() => {
          const phrases: Phrase[] = entries.flatMap((entry) => {
            const synonyms = entry.synonyms.length > 0 ? entry.synonyms : [entry.value];
            return synonyms.map((s) => ({ words: phraseWords(s), ...(entityType.kind === 'KIND_MAP' ? { value: entry.value } : {}) }));
          });
          return (text, textWords, normal) =>
            phrases.flatMap((phrase) =>
              occurrences(textWords, normal, phrase.words, fuzzy).map(({ start, end, exact }) => ({
                ...span(text, start, end, phrase.value ?? text.slice(start, end)),
                exact,
              })),
            );
        })();

  return {
    find(text: string): EntityMatch[] {
      const textWords = words(text);
      const normal = textWords.map((w) => normalizeWord(w.text));
      const blocked = excluded.flatMap((phrase) => occurrences(textWords, normal, phrase, false));
      const found = candidates(text, textWords, normal).filter((m) => !blocked.some((b) => m.start < b.end && b.start < m.end));
      // Exact matches first, so a fuzzy near-miss never displaces a real synonym of the same length.
      const ordered = [...found.filter((m) => m.exact), ...found.filter((m) => !m.exact)];
      return longestFirst(ordered.map(({ exact: _exact, ...match }) => match));
    },
  };
}

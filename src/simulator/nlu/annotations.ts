// Learns, from an intent's annotated training phrases, the words around a parameter's part ("my name
// is [X] and", "a trip to [X]"), and finds the span between those words in new text. This is how an
// intent's @sys.any parameter (and any entity without a finder of its own) gets its value.
import type { TrainingPhrase } from '../../agent/model.ts';
import { span, type EntityMatch } from './entities/match.ts';
import { normalizeWord, words } from './tokenize.ts';

/** The normalised words just before and just after an annotated part (either may be empty). */
export interface AnnotationContext {
  before: string[];
  after: string[];
}

// Two words each side is specific enough to find the part again and short enough to recur.
const CONTEXT_WORDS = 2;

const normalWords = (text: string) => words(text).map((w) => normalizeWord(w.text));

/**
 * The contexts of every part annotated with `parameterId`, most specific first, without repeats.
 * @example learnContexts(intent.trainingPhrases, 'name') // [{ before: ['name', 'is'], after: [] }, …]
 */
export function learnContexts(phrases: readonly TrainingPhrase[], parameterId: string): AnnotationContext[] {
  const found = new Map<string, AnnotationContext>();
  for (const phrase of phrases) {
    phrase.parts.forEach((part, i) => {
      if (part.parameterId !== parameterId) return;
      const before = normalWords(phrase.parts.slice(0, i).map((p) => p.text).join(''));
      const after = normalWords(phrase.parts.slice(i + 1).map((p) => p.text).join(''));
      for (const size of [CONTEXT_WORDS, 1]) {
        const context = { before: before.slice(Math.max(0, before.length - size)), after: after.slice(0, size) };
        found.set(JSON.stringify(context), context);
      }
    });
  }
  return [...found.values()].sort((a, b) => b.before.length + b.after.length - (a.before.length + a.after.length));
}

function indexOfRun(haystack: readonly string[], needle: readonly string[], from: number): number {
  for (let i = from; i + needle.length <= haystack.length; i++) {
    if (needle.every((w, j) => haystack[i + j] === w)) return i;
  }
  return -1;
}

/**
 * The text between a learnt context's words (to the end of the text when the context has no words
 * after), taking the most specific context that fits; undefined when none fits.
 * @example findByContext('my name is Ann Lee', [{ before: ['name', 'is'], after: [] }]) // { original: 'Ann Lee', … }
 */
export function findByContext(text: string, contexts: readonly AnnotationContext[]): EntityMatch | undefined {
  const textWords = words(text);
  const normal = textWords.map((w) => normalizeWord(w.text));
  for (const { before, after } of contexts) {
    // A context with no words at all is an annotation of the whole phrase: it fits any text.
    for (let from = 0; from <= normal.length; ) {
      const at = before.length === 0 ? 0 : indexOfRun(normal, before, from);
      if (at < 0) break;
      const first = at + before.length;
      const last = after.length === 0 ? normal.length : indexOfRun(normal, after, first + 1);
      if (last > first) return span(text, textWords[first]!.start, textWords[last - 1]!.end, text.slice(textWords[first]!.start, textWords[last - 1]!.end));
      if (before.length === 0) break;
      from = at + 1;
    }
  }
  return undefined;
}

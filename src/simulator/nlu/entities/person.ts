// Finds a person's name: after "my name is", "I'm", "this is", "call me"…, or a short answer that is
// only a name ("Ann Lee"), as a form asking for one gets. No name list: a cheap, English-only guess.
import { span, type EntityMatch } from './match.ts';

const INTRODUCTION = /\b(?:my name is|my name's|name is|i am|i'm|im|this is|it's|call me)\s+/giu;
const NAME_WORD = /^[\p{L}][\p{L}'’-]*$/u;
// Words that follow "I'm" or "this is", or make up a short answer, without being a name.
const NOT_NAMES = new Set(['a', 'an', 'the', 'not', 'here', 'looking', 'going', 'trying', 'interested', 'calling', 'and', 'so', 'very', 'just', 'from', 'at', 'in', 'on', 'with', 'for', 'to', 'fine', 'good', 'ok', 'okay', 'sure', 'ready', 'sorry', 'done', 'great', 'well', 'is', 'was', 'about', 'what', 'it', 'my', 'your', 'our', 'hello', 'hi', 'hey', 'yes', 'yeah', 'yep', 'no', 'nope', 'thanks', 'thank', 'please', 'bye', 'goodbye', 'help', 'maybe', 'agent', 'human', 'nothing', 'cancel', 'stop']);

function nameAt(text: string, from: number): { start: number; end: number } | undefined {
  const rest = text.slice(from);
  const parts = rest.split(/(\s+)/);
  let length = 0;
  let end = 0;
  let count = 0;
  // A name is up to three words; when the user capitalises, it stops at the first lower-case word.
  const capitalised = /^\p{Lu}/u.test(parts[0] ?? '');
  for (let i = 0; i < parts.length && count < 3; i += 2) {
    const word = parts[i]!.replace(/[.,!?;:]+$/, '');
    if (!NAME_WORD.test(word) || NOT_NAMES.has(word.toLowerCase()) || (capitalised && !/^\p{Lu}/u.test(word))) break;
    end = length + word.length;
    count++;
    if (word.length !== parts[i]!.length) break;
    if (!capitalised && count === 2) break;
    length += parts[i]!.length + (parts[i + 1]?.length ?? 0);
  }
  return count > 0 ? { start: from, end: from + end } : undefined;
}

/**
 * Every name the text introduces, resolved like CX's @sys.person: `{ name, original }`.
 * @example findPersons("Hi, I'm Ann Lee")[0].resolved // { name: 'Ann Lee', original: 'Ann Lee' }
 */
export function findPersons(text: string): EntityMatch[] {
  const found: EntityMatch[] = [];
  for (const m of text.matchAll(INTRODUCTION)) {
    const name = nameAt(text, m.index + m[0].length);
    if (name) found.push(span(text, name.start, name.end, { name: text.slice(name.start, name.end), original: text.slice(name.start, name.end) }));
  }
  if (found.length === 0) {
    const trimmed = text.trim();
    const start = text.indexOf(trimmed);
    const whole = nameAt(text, start);
    if (whole && whole.end === start + trimmed.replace(/[.!]+$/, '').length) found.push(span(text, whole.start, whole.end, { name: text.slice(whole.start, whole.end), original: text.slice(whole.start, whole.end) }));
  }
  return found;
}

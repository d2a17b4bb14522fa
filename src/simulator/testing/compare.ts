// Compares what a turn produced with what the case expects, field by field, and lists each
// difference as text ready for a diff: texts against the variants the agent could have said,
// names as display names, session parameters as a subset with numbers compared as numbers.
import { END_PAGE_NAMES } from '../engine/names.ts';
import type { TextResponse, TurnMatch, TurnResult } from '../engine/types.ts';
import type { TextExpectation, TurnExpectation } from './case.ts';

/** One difference between the expectation and the turn; both sides are already readable text. */
export interface Mismatch {
  /** `intent`, `page`, `says[1]`, `params.destination`, `webhook`, `ended`, … */
  field: string;
  expected: string;
  actual: string;
  /** More context for the reader, e.g. the variants the agent could have said. */
  note?: string;
}

const UNSET = '(unset)';
const NOTHING = '(nothing)';

/** A value as it reads in a diff line: JSON, except the markers for unset and missing values. */
export function show(value: unknown): string {
  if (value === undefined) return UNSET;
  return JSON.stringify(value) ?? String(value);
}

/**
 * The text of `/pattern/flags`, or undefined for any other string.
 * @example patternOf('/^Found \\d+/i') // /^Found \d+/i
 */
export function patternOf(text: string): RegExp | undefined {
  const match = /^\/(.+)\/([dgimsuvy]*)$/s.exec(text);
  if (!match) return undefined;
  // `g` and `y` make test() stateful; a pattern here checks one text at a time.
  return new RegExp(match[1] ?? '', (match[2] ?? '').replace(/[gy]/g, ''));
}

function showExpectation(expected: TextExpectation): string {
  return 'text' in expected ? JSON.stringify(expected.text) : String(expected.pattern);
}

function textMatches(expected: TextExpectation, actual: TextResponse): boolean {
  // Any variant counts: the simulator picks variants at random, CX may have picked another.
  const candidates = [actual.text, ...actual.variants];
  return 'text' in expected ? candidates.includes(expected.text) : candidates.some((text) => expected.pattern.test(text));
}

function compareTexts(expected: TextExpectation[][], actual: TextResponse[]): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (let index = 0; index < Math.max(expected.length, actual.length); index++) {
    const wanted = expected[index];
    const said = actual[index];
    const field = `says[${index}]`;
    if (wanted === undefined) {
      mismatches.push({ field, expected: NOTHING, actual: JSON.stringify(said?.text) });
    } else if (said === undefined) {
      mismatches.push({ field, expected: wanted.map(showExpectation).join(' + '), actual: NOTHING });
    } else if (!wanted.every((one) => textMatches(one, said))) {
      const others = said.variants.filter((variant) => variant !== said.text);
      mismatches.push({
        field,
        expected: wanted.map(showExpectation).join(' + '),
        actual: JSON.stringify(said.text),
        ...(others.length ? { note: `other variants: ${others.map((variant) => JSON.stringify(variant)).join(', ')}` } : {}),
      });
    }
  }
  return mismatches;
}

/** Relative tolerance for numbers: CX sends doubles, so 0.1 + 0.2 must equal 0.3. */
function sameNumber(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Deep equality of JSON values, with numbers compared numerically.
 * @example sameValue({ n: 3 }, { n: 3.0000000000001 }) // true
 */
export function sameValue(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') return sameNumber(expected, actual);
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.length === actual.length && expected.every((item, index) => sameValue(item, actual[index]));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const expectedKeys = Object.keys(expected);
    const actualKeys = Object.keys(actual);
    return (
      expectedKeys.length === actualKeys.length &&
      expectedKeys.every((key) => Object.hasOwn(actual, key) && sameValue((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key]))
    );
  }
  return expected === actual;
}

function compareParams(expected: Record<string, unknown>, actual: Record<string, unknown>): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const [name, value] of Object.entries(expected)) {
    const present = Object.hasOwn(actual, name) && actual[name] !== null && actual[name] !== undefined;
    const field = `params.${name}`;
    if (value === null || value === undefined) {
      if (present) mismatches.push({ field, expected: UNSET, actual: show(actual[name]) });
    } else if (!present) {
      mismatches.push({ field, expected: show(value), actual: UNSET });
    } else if (!sameValue(value, actual[name])) {
      mismatches.push({ field, expected: show(value), actual: show(actual[name]) });
    }
  }
  return mismatches;
}

/** How the turn matched, in the words of a report. */
export function describeMatch(match: TurnMatch): string {
  switch (match.kind) {
    case 'intent':
      return match.intent;
    case 'parameter-filling':
      return `(parameter filling: ${match.parameters.join(', ') || 'none'})`;
    case 'no-match':
      return '(no match)';
    case 'no-input':
      return '(no input)';
    case 'event':
      return `(event ${match.event})`;
  }
}

function compareWebhook(expected: NonNullable<TurnExpectation['webhook']>, result: TurnResult): Mismatch[] {
  const calls = result.webhookCalls.map((call) => `${call.webhook} tag=${call.tag} ${call.outcome}`);
  const actual = calls.length ? calls.join('; ') : '(no call)';
  if (expected === false) return calls.length ? [{ field: 'webhook', expected: '(no call)', actual }] : [];
  const found = result.webhookCalls.some(
    (call) =>
      (expected.tag === undefined || call.tag === expected.tag) &&
      (expected.webhook === undefined || call.webhook === expected.webhook) &&
      (expected.outcome === undefined || call.outcome === expected.outcome),
  );
  if (found) return [];
  const wanted = [expected.webhook, expected.tag === undefined ? undefined : `tag=${expected.tag}`, expected.outcome].filter((part) => part !== undefined);
  return [{ field: 'webhook', expected: wanted.join(' ') || '(a call)', actual }];
}

/**
 * Every difference between `expected` and the turn's result; empty when the turn matched.
 * @example compareTurn({ page: 'Collect Further Info' }, result) // [{ field: 'page', expected: 'Collect Further Info', actual: 'Start Page' }]
 */
export function compareTurn(expected: TurnExpectation, result: TurnResult): Mismatch[] {
  const mismatches: Mismatch[] = [];
  if (expected.intent !== undefined) {
    const matched = result.match.kind === 'intent' ? result.match.intent : undefined;
    if (matched !== expected.intent) mismatches.push({ field: 'intent', expected: expected.intent, actual: describeMatch(result.match) });
  }
  if (expected.flow !== undefined && expected.flow !== result.flow) mismatches.push({ field: 'flow', expected: expected.flow, actual: result.flow });
  if (expected.page !== undefined) {
    // Either end page matches an ended conversation: exported test cases say End Session for both.
    const ended = (Object.values(END_PAGE_NAMES) as string[]).includes(expected.page) && result.ended;
    if (!ended && expected.page !== result.page) mismatches.push({ field: 'page', expected: expected.page, actual: result.page });
  }
  if (expected.says !== undefined) mismatches.push(...compareTexts(expected.says, result.texts));
  if (expected.params !== undefined) mismatches.push(...compareParams(expected.params, result.sessionParameters));
  if (expected.webhook !== undefined) mismatches.push(...compareWebhook(expected.webhook, result));
  if (expected.events !== undefined) {
    const missing = expected.events.filter((event) => !result.events.includes(event));
    if (missing.length) mismatches.push({ field: 'events', expected: expected.events.join(', '), actual: result.events.join(', ') || '(none)' });
  }
  if (expected.ended !== undefined && expected.ended !== result.ended) mismatches.push({ field: 'ended', expected: String(expected.ended), actual: String(result.ended) });
  return mismatches;
}

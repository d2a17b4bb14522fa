// Splits condition and function-call text into tokens, one at a time (a message text is lexed only
// where a `$sys.func` call starts, so the prose around it never has to be valid syntax).
import type { ComparisonOperator, ReferenceNode } from './ast.ts';
import { ExpressionError } from './expression-error.ts';
import { readReference } from './references.ts';

export type Token =
  | { type: '(' | ')' | ',' | '[' | ']' | 'end'; start: number; end: number }
  | { type: 'operator'; operator: ComparisonOperator; start: number; end: number }
  | { type: 'keyword'; keyword: 'AND' | 'OR' | 'NOT'; start: number; end: number }
  | { type: 'string'; value: string; start: number; end: number }
  | { type: 'word'; text: string; start: number; end: number }
  | { type: 'reference'; node: ReferenceNode; start: number; end: number }
  | { type: 'function'; name: string; start: number; end: number };

const PUNCTUATION = new Set(['(', ')', ',', '[', ']']);
// A bare word runs until one of these; `:` ends it only at its start, so `10:30` stays one word.
const WORD_END = /[\s()[\],"=<>!]/;
const FUNCTION = /\$sys\.func\.([A-Za-z_][A-Za-z0-9_]*)/y;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

export interface LexerOptions {
  /** Added to reported columns (a condition quoted inside an IF call reports outer columns). */
  columnOffset?: number;
  /** The text errors name (default: the lexed text). */
  source?: string;
}

/**
 * A pull lexer over `text` from `start`; `peek`/`next` yield tokens, `fail` throws at a position.
 * @example new Lexer('$flow.a = 1').next() // { type: 'reference', node: { scope: 'flow', path: ['a'], … }, … }
 */
export class Lexer {
  private position: number;
  private ahead: Token | undefined;
  private readonly columnOffset: number;
  /** The text errors name. */
  readonly source: string;

  constructor(
    readonly text: string,
    start = 0,
    options: LexerOptions = {},
  ) {
    this.position = start;
    this.columnOffset = options.columnOffset ?? 0;
    this.source = options.source ?? text;
  }

  peek(): Token {
    this.ahead ??= this.read();
    return this.ahead;
  }

  next(): Token {
    const token = this.peek();
    this.ahead = undefined;
    return token;
  }

  /** Where the next token would start; only meaningful when none has been peeked. */
  offset(): number {
    return this.ahead ? this.ahead.start : this.position;
  }

  /** 1-based column of a 0-based position in `text`, in the coordinates errors report. */
  column(position: number): number {
    return position + 1 + this.columnOffset;
  }

  fail(problem: string, position: number): never {
    throw new ExpressionError(problem, this.column(position), this.source);
  }

  private read(): Token {
    const { text } = this;
    while (this.position < text.length && /\s/.test(text[this.position] as string)) this.position++;
    const start = this.position;
    const char = text[start];
    if (char === undefined) return { type: 'end', start, end: start };
    if (PUNCTUATION.has(char)) {
      this.position++;
      return { type: char as '(' | ')' | ',' | '[' | ']', start, end: this.position };
    }
    if ('=!<>:'.includes(char)) return this.operator(start);
    if (char === '"' || char === "'") return this.string(start, char);
    if (char === '$') return this.dollar(start);
    let end = start + 1;
    while (end < text.length && !WORD_END.test(text[end] as string)) end++;
    this.position = end;
    const word = text.slice(start, end);
    if (word === 'AND' || word === 'OR' || word === 'NOT') return { type: 'keyword', keyword: word, start, end };
    return { type: 'word', text: word, start, end };
  }

  private operator(start: number): Token {
    const two = this.text.slice(start, start + 2);
    if (two === '==') this.fail('Use = to compare (== is not CX syntax)', start);
    const operator = (['!=', '<=', '>='] as const).find((candidate) => candidate === two) ?? this.text[start];
    if (operator === '!') this.fail('Unexpected "!"; use != to compare or NOT to negate', start);
    this.position = start + (operator as string).length;
    return { type: 'operator', operator: operator as ComparisonOperator, start, end: this.position };
  }

  private string(start: number, quote: string): Token {
    let value = '';
    for (let index = start + 1; index < this.text.length; index++) {
      const char = this.text[index] as string;
      if (char === quote) {
        this.position = index + 1;
        return { type: 'string', value, start, end: this.position };
      }
      if (char === '\\' && index + 1 < this.text.length) {
        const escaped = this.text[++index] as string;
        value += ESCAPES[escaped] ?? escaped;
      } else value += char;
    }
    return this.fail(`Unterminated string: no closing ${quote}`, start);
  }

  private dollar(start: number): Token {
    FUNCTION.lastIndex = start;
    const call = FUNCTION.exec(this.text);
    if (call) {
      this.position = FUNCTION.lastIndex;
      return { type: 'function', name: call[1] as string, start, end: this.position };
    }
    const reference = readReference(this.text, start);
    if (reference) {
      this.position = reference.end;
      return { type: 'reference', node: { ...reference.node, column: this.column(start) }, start, end: reference.end };
    }
    const word = /\$[^\s()[\],"=<>!]*/y;
    word.lastIndex = start;
    return this.fail(
      `Unknown reference ${word.exec(this.text)?.[0]}; use $session.params.…, $page.params.…, $flow.…, $intent.params.…, $request.… or $sys.func.…`,
      start,
    );
  }
}

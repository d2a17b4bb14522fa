// Conditions and values to syntax trees (spec §14.3): OR of ANDs of (NOT) comparisons, with
// parentheses; AND binds tighter than OR. Function names and argument counts are checked here, so
// `cxhook check` finds them without running anything.
import type { CallNode, ComparisonNode, ConditionNode, JunctionNode, LiteralNode, ValueNode } from './ast.ts';
import { SYSTEM_FUNCTIONS, systemFunctionName } from './functions/index.ts';
import { Lexer, type LexerOptions, type Token } from './lexer.ts';

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
// Real agents nest three or four levels; a limit keeps hostile input from exhausting the stack.
const MAX_DEPTH = 64;

// The text each parsed condition came from, so evaluation errors can quote it.
const sources = new WeakMap<ConditionNode, string>();

/**
 * The text a condition tree was parsed from ('' for trees built by hand).
 * @example sourceOf(parseCondition('$flow.a = 1')) // '$flow.a = 1'
 */
export function sourceOf(node: ConditionNode): string {
  return sources.get(node) ?? '';
}

function describeToken(token: Token, lexer: Lexer): string {
  return token.type === 'end' ? 'the end' : JSON.stringify(lexer.text.slice(token.start, token.end));
}

class Parser {
  private depth = 0;

  constructor(private readonly lexer: Lexer) {}

  // Runs one nested construct (group, NOT, call, list), refusing nesting deeper than MAX_DEPTH.
  private nested<T>(start: number, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) this.lexer.fail(`Nested more than ${MAX_DEPTH} levels deep`, start);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  condition(): ConditionNode {
    return this.junction('OR');
  }

  expectEnd(): void {
    const token = this.lexer.peek();
    if (token.type === 'end') return;
    if (token.type === ')') this.lexer.fail('Unbalanced ")"', token.start);
    const hint =
      token.type === 'word' && /^(and|or|not)$/i.test(token.text)
        ? `; write ${token.text.toUpperCase()} in capitals`
        : '; join conditions with AND or OR, and quote strings that contain spaces';
    this.lexer.fail(`Unexpected ${describeToken(token, this.lexer)}${hint}`, token.start);
  }

  private junction(keyword: 'AND' | 'OR'): ConditionNode {
    const first = keyword === 'OR' ? this.junction('AND') : this.negation();
    const operands = [first];
    const operatorColumns: number[] = [];
    for (let token = this.lexer.peek(); token.type === 'keyword' && token.keyword === keyword; token = this.lexer.peek()) {
      this.lexer.next();
      operatorColumns.push(this.lexer.column(token.start));
      operands.push(keyword === 'OR' ? this.junction('AND') : this.negation());
    }
    if (operands.length === 1) return first;
    const node: JunctionNode = { kind: keyword === 'OR' ? 'or' : 'and', operands, operatorColumns, column: first.column };
    return node;
  }

  private negation(): ConditionNode {
    const token = this.lexer.peek();
    if (token.type === 'keyword' && token.keyword === 'NOT') {
      this.lexer.next();
      return { kind: 'not', operand: this.nested(token.start, () => this.negation()), column: this.lexer.column(token.start) };
    }
    return this.primary();
  }

  private primary(): ConditionNode {
    const token = this.lexer.peek();
    if (token.type === '(') {
      this.lexer.next();
      const inner = this.nested(token.start, () => this.condition());
      const close = this.lexer.next();
      if (close.type !== ')') this.lexer.fail(`Expected ")" to close the "(" at column ${this.lexer.column(token.start)}, found ${describeToken(close, this.lexer)}`, close.start);
      return { ...inner, parenthesized: true };
    }
    const left = this.value();
    const operator = this.lexer.peek();
    if (operator.type !== 'operator') return { kind: 'test', value: left, column: left.column };
    this.lexer.next();
    const right = this.value();
    const after = this.lexer.peek();
    if (after.type === 'operator') this.lexer.fail(`Unexpected ${after.operator}: compare two values at a time and join comparisons with AND or OR`, after.start);
    const node: ComparisonNode = { kind: 'comparison', operator: operator.operator, left, right, column: left.column };
    return node;
  }

  /** One value: a literal, bare word, reference, function call or list. */
  value(): ValueNode {
    const token = this.lexer.next();
    const column = this.lexer.column(token.start);
    switch (token.type) {
      case 'string':
        return { kind: 'literal', value: token.value, raw: this.lexer.text.slice(token.start, token.end), quoted: true, column };
      case 'word':
        return this.word(token.text, column);
      case 'reference':
        return token.node;
      case 'function':
        return this.nested(token.start, () => this.call(token, column));
      case '[':
        return this.nested(token.start, () => this.list(column));
      case 'keyword':
        return this.lexer.fail(`Expected a value before ${token.keyword}`, token.start);
      case 'operator':
        return this.lexer.fail(`Expected a value before ${token.operator}`, token.start);
      default:
        return this.lexer.fail(`Expected a value, found ${describeToken(token, this.lexer)}`, token.start);
    }
  }

  private word(text: string, column: number): LiteralNode {
    const lower = text.toLowerCase();
    let value: LiteralNode['value'] = text;
    if (lower === 'true' || lower === 'false') value = lower === 'true';
    else if (lower === 'null') value = null;
    else if (NUMBER.test(text)) value = Number(text);
    return { kind: 'literal', value, raw: text, quoted: false, column };
  }

  private list(column: number): ValueNode {
    const items: ValueNode[] = [];
    if (this.lexer.peek().type === ']') {
      this.lexer.next();
      return { kind: 'list', items, column };
    }
    for (;;) {
      items.push(this.value());
      const token = this.lexer.next();
      if (token.type === ']') return { kind: 'list', items, column };
      if (token.type !== ',') this.lexer.fail(`Expected "," or "]" in the list, found ${describeToken(token, this.lexer)}`, token.start);
    }
  }

  private call(token: Extract<Token, { type: 'function' }>, column: number): CallNode {
    const name = systemFunctionName(token.name);
    if (!name) this.lexer.fail(`Unknown system function $sys.func.${token.name}`, token.start);
    const open = this.lexer.next();
    if (open.type !== '(' || open.start !== token.end) this.lexer.fail(`Expected "(" right after $sys.func.${token.name}`, open.start);
    const args: ValueNode[] = [];
    if (this.lexer.peek().type === ')') this.lexer.next();
    else {
      for (;;) {
        args.push(this.value());
        const separator = this.lexer.next();
        if (separator.type === ')') break;
        if (separator.type !== ',') {
          this.lexer.fail(`Expected "," or ")" in the arguments of $sys.func.${name}, found ${describeToken(separator, this.lexer)}`, separator.start);
        }
      }
    }
    const [min, max] = SYSTEM_FUNCTIONS[name]!.arity;
    if (args.length < min || args.length > max) {
      const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      this.lexer.fail(`$sys.func.${name} takes ${expected} argument${min === 1 && max === 1 ? '' : 's'}, got ${args.length}`, token.start);
    }
    const node: CallNode = { kind: 'call', name, args, column };
    const [first] = args;
    if (name === 'IF' && first?.kind === 'literal' && first.quoted && typeof first.value === 'string') {
      node.condition = parseQuotedCondition(first, this.lexer);
    }
    return node;
  }
}

// IF's quoted condition is parsed with the call; errors point into the outer text (exact when the
// quoted text has no escapes before the problem).
function parseQuotedCondition(literal: LiteralNode, outer: Lexer): ConditionNode {
  return parseWith(literal.value as string, { columnOffset: literal.column, source: outer.source });
}

function parseWith(text: string, options: LexerOptions): ConditionNode {
  const lexer = new Lexer(text, 0, options);
  if (lexer.peek().type === 'end') return { kind: 'test', value: { kind: 'literal', value: true, raw: '', quoted: false, column: 1 }, column: 1 };
  const parser = new Parser(lexer);
  const node = parser.condition();
  parser.expectEnd();
  return node;
}

/**
 * Parses a route or conditional-response condition. An empty condition is true (as CX treats an
 * empty `cases[].condition`). Throws ExpressionError with the column of a syntax error.
 * @example parseCondition('$page.params.status = FINAL AND $session.params.n > 2')
 */
export function parseCondition(text: string): ConditionNode {
  const node = parseWith(text, {});
  sources.set(node, text);
  return node;
}

/**
 * Parses the one value (reference, `$sys.func` call, literal or list) starting at `start`, and says
 * where it ends; message texts and parameter values embed these in prose.
 * @example parseValueAt('Hi $sys.func.LOWER($flow.name)!', 3) // { node: { kind: 'call', … }, end: 30 }
 */
export function parseValueAt(text: string, start: number): { node: ValueNode; end: number } {
  const lexer = new Lexer(text, start);
  const node = new Parser(lexer).value();
  // The lexer has read no token past the value (a call or list ends on its closing bracket).
  return { node, end: lexer.offset() };
}

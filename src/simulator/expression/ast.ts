// The parsed shape of conditions and values. Every node keeps its 1-based column so evaluation
// errors and lint warnings can point into the text the agent author wrote.

export type ComparisonOperator = '=' | '!=' | ':' | '<' | '<=' | '>' | '>=';

/** Where a reference reads from: `$session.params`, `$page.params`, `$flow`, `$intent.params`, `$request`. */
export type ReferenceScope = 'session' | 'page' | 'flow' | 'intent' | 'request';

export interface LiteralNode {
  kind: 'literal';
  /** Quoted strings are templates (references inside them are replaced when evaluated). */
  value: string | number | boolean | null;
  /** The text as written (`02134`, `True`, `"a\"b"`), used when the other side is a string. */
  raw: string;
  quoted: boolean;
  column: number;
}

export interface ReferenceNode {
  kind: 'reference';
  scope: ReferenceScope;
  /** Segments after the scope prefix: names and list indexes (`a.b[0]` → `['a', 'b', 0]`). */
  path: (string | number)[];
  /** As written, e.g. `$session.params.a.b[0]`. */
  text: string;
  column: number;
}

export interface CallNode {
  kind: 'call';
  /** Upper-case function name (`rand` is read as `RAND`). */
  name: string;
  args: ValueNode[];
  /** For `IF("condition", …)`: the quoted first argument, parsed when the call was. */
  condition?: ConditionNode;
  column: number;
}

export interface ListNode {
  kind: 'list';
  items: ValueNode[];
  column: number;
}

export type ValueNode = LiteralNode | ReferenceNode | CallNode | ListNode;

export interface ComparisonNode {
  kind: 'comparison';
  operator: ComparisonOperator;
  left: ValueNode;
  right: ValueNode;
  column: number;
  parenthesized?: boolean;
}

/** A value used as a whole condition: true when it is truthy. */
export interface TestNode {
  kind: 'test';
  value: ValueNode;
  column: number;
  parenthesized?: boolean;
}

export interface JunctionNode {
  kind: 'and' | 'or';
  operands: ConditionNode[];
  /** Column of each AND / OR keyword, for lint. */
  operatorColumns: number[];
  column: number;
  parenthesized?: boolean;
}

export interface NotNode {
  kind: 'not';
  operand: ConditionNode;
  column: number;
  parenthesized?: boolean;
}

export type ConditionNode = ComparisonNode | TestNode | JunctionNode | NotNode;

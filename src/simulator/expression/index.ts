// The CX expression evaluator (spec §14): conditions, parameter references and `$sys.func` system
// functions, pure and synchronous. The simulator evaluates with it; `cxhook check` parses and lints.
export type {
  CallNode,
  ComparisonNode,
  ComparisonOperator,
  ConditionNode,
  JunctionNode,
  ListNode,
  LiteralNode,
  NotNode,
  ReferenceNode,
  ReferenceScope,
  TestNode,
  ValueNode,
} from './ast.ts';
export { evaluateCondition } from './evaluate.ts';
export { ExpressionError } from './expression-error.ts';
export { SYSTEM_FUNCTIONS } from './functions/index.ts';
export { type LintWarning, lintCondition } from './lint.ts';
export { parseCondition, parseValueAt } from './parser.ts';
export { parameterTarget, type ParameterTarget } from './parameter-target.ts';
export { type ReferenceUse, referencesIn, resolveReference } from './references.ts';
export type { Scope } from './scope.ts';
export { evaluateValue, interpolate, parseTemplate, type TemplatePart } from './template.ts';
export { toText } from './values.ts';

// Any text, well-formed or not, either parses and evaluates or fails with ExpressionError: never a
// TypeError, a RangeError or a hang.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { evaluateCondition, evaluateValue, ExpressionError, interpolate, lintCondition, parseCondition, SYSTEM_FUNCTIONS } from '../../../src/simulator/expression/index.ts';
import { scopeWith } from './helpers.ts';

const scope = scopeWith({
  session: { a: 1, s: 'text', l: [1, 'x', null], o: { k: [1, 2] }, d: { year: 2026, month: 2, day: 30 } },
  flow: { n: 2, e: '' },
  page: { params: { p: 'v' }, status: 'FINAL' },
  request: { knowledge: { answers: ['x'] } },
});

const PIECES = [
  '$session.params.a', '$session.params.s', '$session.params.l', '$session.params.o.k[1]', '$session.params.d', '$flow.n', '$flow.e',
  '$page.params.status', '$request.knowledge.answers[0]', '$flow.missing', '$sys.func.', 'ADD', 'IF', 'LEN', 'FORMAT_DATE', 'GET_FIELD',
  'SPLIT', 'TO_OBJECT', 'MID', 'ROUND', 'NOW', 'FILTER', 'NESTED_FIELD', 'IS_DATE', 'APPEND', '(', ')', '[', ']', ',', '"', "'", '\\',
  '=', '!=', ':', '<', '>=', 'AND', 'OR', 'NOT', 'true', 'NULL', '1', '-2.5', 'N/A', 'yyyy', "'x", ' ', ' ', '$', '.', '$x',
];

const expressionish = fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }).map((pieces) => pieces.join(''));
const text = fc.oneof(expressionish, fc.string({ maxLength: 40 }));

const ATOMS = [
  '$session.params.a', '$session.params.s', '$session.params.l', '$session.params.o', '$session.params.d', '$flow.missing', '$flow.e',
  '"$session.params.o"', '"$.k[0]"', '"yyyy-MM-dd HH"', '"EEEE"', '"2026-02-28"', '"15:30"', '"(["', '"[0-9]"', '"US"', '"xx"', '"DAYS"',
  "\"{'k': v}\"", '"{"', '0', '-1', '1.5', '1e400', 'true', 'null', '[]', '[1, "a", null]', 'word', '""',
];
const atom = fc.constantFrom(...ATOMS);
// Calls of every function with a right argument count and arguments of every kind, nested.
const call = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, atom, tie('call') as fc.Arbitrary<string>),
  call: fc.constantFrom(...Object.keys(SYSTEM_FUNCTIONS)).chain((name) => {
    const [min, max] = SYSTEM_FUNCTIONS[name]!.arity;
    return fc
      .array(tie('value') as fc.Arbitrary<string>, { minLength: min, maxLength: Math.min(max, min + 2) })
      .map((args) => `$sys.func.${name}(${args.join(', ')})`);
  }),
})).call;

test('calling any function with any kind of argument fails only with ExpressionError', () => {
  fc.assert(
    fc.property(call, (expression) => {
      onlyExpressionErrors(() => evaluateValue(expression, scope));
      onlyExpressionErrors(() => evaluateCondition(`${expression} = 1`, scope));
    }),
    { numRuns: 5000 },
  );
});

function onlyExpressionErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    assert.ok(error.column >= 1, `column ${error.column} for ${error.expression}`);
  }
}

test('parsing, linting and evaluating any condition text fails only with ExpressionError', () => {
  fc.assert(
    fc.property(text, (condition) => {
      onlyExpressionErrors(() => parseCondition(condition));
      onlyExpressionErrors(() => lintCondition(condition));
      onlyExpressionErrors(() => assert.equal(typeof evaluateCondition(condition, scope), 'boolean'));
    }),
    { numRuns: 3000 },
  );
});

test('interpolating and evaluating any preset text fails only with ExpressionError', () => {
  fc.assert(
    fc.property(text, (value) => {
      onlyExpressionErrors(() => assert.equal(typeof interpolate(value, scope), 'string'));
      onlyExpressionErrors(() => evaluateValue(value, scope));
    }),
    { numRuns: 3000 },
  );
});

test('deeply nested text is refused with ExpressionError instead of exhausting the stack', () => {
  const deep = [
    `${'('.repeat(5000)}$flow.n = 2${')'.repeat(5000)}`,
    `${'NOT '.repeat(5000)}$flow.n = 2`,
    `$flow.n : ${'['.repeat(5000)}`,
    `${'$sys.func.IDENTITY('.repeat(5000)}1${')'.repeat(5000)} = 1`,
  ];
  for (const text of deep) {
    assert.throws(() => parseCondition(text), (error: unknown) => error instanceof ExpressionError && /Nested more than 64 levels/.test(error.problem));
  }
  assert.equal(evaluateCondition(`${'('.repeat(60)}$flow.n = 2${')'.repeat(60)}`, scope), true);
});

test('an IF whose condition parameter refers back to itself is refused instead of recursing forever', () => {
  const looping = scopeWith({ session: { c: '$sys.func.IF($session.params.c, true, false)' } });
  assert.throws(() => evaluateValue('$sys.func.IF($session.params.c, 1, 2)', looping), (error: unknown) => error instanceof ExpressionError && /nest more than 16 deep/.test(error.problem));
});

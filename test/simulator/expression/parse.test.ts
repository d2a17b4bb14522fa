// Parsing (spec §14.3): the tree's shape, syntax errors with their columns, and lint warnings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExpressionError, lintCondition, parseCondition } from '../../../src/simulator/expression/index.ts';

function errorOf(text: string): ExpressionError {
  try {
    parseCondition(text);
  } catch (error) {
    assert.ok(error instanceof ExpressionError, `expected an ExpressionError, got ${error}`);
    return error;
  }
  return assert.fail(`${text} parsed`);
}

describe('parseCondition', () => {
  test('binds AND tighter than OR', () => {
    const node = parseCondition('$flow.a = 1 OR $flow.b = 2 AND $flow.c = 3');
    assert.equal(node.kind, 'or');
    assert.equal(node.kind === 'or' && node.operands[1]?.kind, 'and');
  });

  test('keeps parentheses as grouping and marks the group', () => {
    const node = parseCondition('($flow.a = 1 OR $flow.b = 2) AND $flow.c = 3');
    assert.equal(node.kind, 'and');
    const group = node.kind === 'and' ? node.operands[0] : undefined;
    assert.equal(group?.kind, 'or');
    assert.equal(group?.parenthesized, true);
  });

  test('reads literals: true/True, null/NULL, numbers, quoted strings with escapes, bare words, lists', () => {
    const node = parseCondition('$flow.x : ["a\\"b", True, NULL, -2.5, N/A, 10:30]');
    assert.equal(node.kind, 'comparison');
    const right = node.kind === 'comparison' ? node.right : undefined;
    assert.equal(right?.kind, 'list');
    const values = right?.kind === 'list' ? right.items.map((item) => (item.kind === 'literal' ? item.value : undefined)) : [];
    assert.deepEqual(values, ['a"b', true, null, -2.5, 'N/A', '10:30']);
  });

  test('reads escaped commas in quoted strings as commas (as exported agents write them)', () => {
    const node = parseCondition('$session.params.a = "Hosier Ln\\, Melbourne"');
    assert.equal(node.kind === 'comparison' && node.right.kind === 'literal' && node.right.value, 'Hosier Ln, Melbourne');
  });

  test('accepts comparisons without spaces and function calls on the left', () => {
    assert.equal(parseCondition('$session.params.a=null').kind, 'comparison');
    assert.equal(parseCondition('$sys.func.LEN($flow.a) > 3').kind, 'comparison');
  });

  test('parses the quoted condition of IF together with the call', () => {
    const node = parseCondition('$sys.func.IF("$flow.a = 1 AND $flow.b != N/A", true, false)');
    const call = node.kind === 'test' ? node.value : undefined;
    assert.equal(call?.kind === 'call' && call.condition?.kind, 'and');
  });

  const errors: [text: string, column: number, problem: RegExp][] = [
    ['$flow.a = ', 11, /Expected a value/],
    ['$flow.a == 1', 9, /Use =/],
    ['$flow.a ! 1', 9, /!=/],
    ['$flow.a = "open', 11, /Unterminated string/],
    ['$flow.city = New York', 18, /quote strings that contain spaces/],
    ['$flow.a = 1 and $flow.b = 2', 13, /write AND in capitals/],
    ['($flow.a = 1', 13, /Expected "\)"/],
    ['$flow.a = 1)', 12, /Unbalanced/],
    ['$flow.a = 1 = 2', 13, /compare two values at a time/],
    ['$flow.a = 1 AND', 16, /Expected a value/],
    ['$session.x = 1', 1, /Unknown reference \$session\.x/],
    ['$x = 1', 1, /Unknown reference/],
    ['$flow.a = $sys.func.NOPE(1)', 11, /Unknown system function \$sys\.func\.NOPE/],
    ['$sys.func.ADD(1) = 1', 1, /takes at least 2 arguments, got 1/],
    ['$sys.func.NOW(1) = 1', 1, /takes 0 arguments, got 1/],
    ['$sys.func.IF("x", 1) = 1', 1, /takes 3 arguments, got 2/],
    ['$sys.func.ADD(1 2) = 1', 17, /Expected "," or "\)"/],
    ['$sys.func.ADD (1, 2) = 3', 15, /Expected "\(" right after/],
    ['$flow.a : [1, 2', 16, /Expected "," or "]"/],
    ['$sys.func.IF("$flow.a = = 1", 1, 2)', 25, /Expected a value/],
  ];
  for (const [text, column, problem] of errors) {
    test(`reports ${JSON.stringify(text)} at column ${column}`, () => {
      const error = errorOf(text);
      assert.equal(error.code, 'CXH_ERR_INVALID_EXPRESSION');
      assert.equal(error.status, 400);
      assert.match(error.problem, problem);
      assert.equal(error.column, column);
      assert.match(error.message, new RegExp(`column ${column}:`));
      assert.deepEqual(error.details, { column, expression: text });
    });
  }
});

describe('lintCondition', () => {
  test('flags AND and OR mixed without parentheses at the AND', () => {
    const warnings = lintCondition('$flow.a = 1 AND $flow.b = 2 OR $flow.c = 3');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]?.message ?? '', /parentheses/);
    assert.equal(warnings[0]?.column, 13);
  });

  test('accepts the same mix once it is parenthesised, and plain AND or OR chains', () => {
    assert.deepEqual(lintCondition('($flow.a = 1 AND $flow.b = 2) OR $flow.c = 3'), []);
    assert.deepEqual(lintCondition('$flow.a = 1 AND $flow.b = 2 AND $flow.c = 3'), []);
    assert.deepEqual(lintCondition('$flow.a = 1 OR ($flow.b = 2 AND $flow.c = 3)'), []);
  });

  test('flags a literal on the left, a quoted "null" and a bare word as the whole condition', () => {
    assert.match(lintCondition('FINAL = $page.params.status')[0]?.message ?? '', /left side/);
    assert.equal(lintCondition('$flow.a = "null"')[0]?.column, 11);
    assert.match(lintCondition('FINAL')[0]?.message ?? '', /always true/);
    assert.deepEqual(lintCondition('true'), []);
  });

  test('looks inside conditions quoted in IF', () => {
    const warnings = lintCondition('$sys.func.IF("$flow.a = 1 AND $flow.b = 2 OR $flow.c = 3", 1, 2) = 1');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]?.column, 27);
  });

  test('throws the syntax error for a condition that does not parse', () => {
    assert.throws(() => lintCondition('$flow.a = '), { code: 'CXH_ERR_INVALID_EXPRESSION' });
  });
});

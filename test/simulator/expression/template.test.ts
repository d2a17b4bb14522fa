// Message text and parameter presets: references and calls filled into text, typed preset values.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateValue, interpolate, parseTemplate } from '../../../src/simulator/expression/index.ts';
import { scopeWith } from './helpers.ts';

const scope = scopeWith({
  session: { name: 'Ann', count: 3.0, ratio: 0.5, parts: ['the city is Oslo', 'the route is Main St'], date: { year: 2026, month: 12, day: 3 }, yes: true },
  flow: { counter: 2, list: ['a', 'b'], zip_code: '0150', obj: { k: 'v' } },
});

describe('interpolate', () => {
  const cases: [string, string][] = [
    ['Hello $session.params.name!', 'Hello Ann!'],
    ['You have $session.params.count items', 'You have 3 items'],
    ['Ratio $session.params.ratio', 'Ratio 0.5'],
    ['Flag $session.params.yes', 'Flag true'],
    ['I have got the address as, $session.params.parts. Is that correct?', 'I have got the address as, the city is Oslo, the route is Main St. Is that correct?'],
    ['First: $flow.list[0], second: $flow.list[1].', 'First: a, second: b.'],
    ["<say-as interpret-as='verbatim'>$flow.zip_code</say-as>", "<say-as interpret-as='verbatim'>0150</say-as>"],
    ['Object $flow.obj', 'Object {"k":"v"}'],
    ['Date $session.params.date', 'Date {"year":2026,"month":12,"day":3}'],
    ['Next: $sys.func.ADD($flow.counter, 1).', 'Next: 3.'],
    ['It is $sys.func.FORMAT_DATE($session.params.date, "EEEE, MMMM d")!', 'It is Thursday, December 3!'],
    ['Nested $sys.func.LOWER($sys.func.CONCATENATE("A", $session.params.name))', 'Nested aann'],
    ['No refs at all', 'No refs at all'],
  ];
  for (const [text, expected] of cases) {
    test(`renders ${JSON.stringify(text)}`, () => assert.equal(interpolate(text, scope), expected));
  }

  test('renders an unset parameter as the empty string', () => {
    assert.equal(interpolate('Hi $session.params.missing, you owe $flow.debt.', scope), 'Hi , you owe .');
  });

  test('leaves $-words that are not references as written', () => {
    assert.equal(interpolate('It costs $5 ($conversation, $location, $flow-description, $sys.date)', scope), 'It costs $5 ($conversation, $location, $flow-description, $sys.date)');
  });

  test('throws ExpressionError with the column in the text for a broken call', () => {
    assert.throws(() => interpolate('Total: $sys.func.ADD($flow.counter', scope), { code: 'CXH_ERR_INVALID_EXPRESSION', column: 35 });
    assert.throws(() => interpolate('Bye $sys.func.NOPE()', scope), { column: 5 });
  });
});

describe('evaluateValue', () => {
  test('gives the typed value of a string that is exactly one reference or call', () => {
    assert.equal(evaluateValue('$flow.counter', scope), 2);
    assert.deepEqual(evaluateValue('$flow.list', scope), ['a', 'b']);
    assert.deepEqual(evaluateValue('$flow.obj', scope), { k: 'v' });
    assert.equal(evaluateValue('$sys.func.ADD($flow.counter, 1)', scope), 3);
    assert.deepEqual(evaluateValue(' $sys.func.APPEND($flow.list, c) ', scope), ['a', 'b', 'c']);
    assert.equal(evaluateValue('$sys.func.IF("$flow.counter > 1", true, false)', scope), true);
  });

  test('gives null for a reference to an unset parameter (the preset clears it)', () => {
    assert.equal(evaluateValue('$flow.missing', scope), null);
    assert.equal(evaluateValue('$sys.func.IF("$flow.counter = 2", null, $flow.list)', scope), null);
  });

  test('gives the filled-in text for a string with expressions inside', () => {
    assert.equal(evaluateValue('count is $flow.counter', scope), 'count is 2');
    assert.equal(evaluateValue('$flow.counter$flow.counter', scope), '22');
  });

  test('keeps strings without expressions, numbers, booleans and null as they are', () => {
    assert.equal(evaluateValue('N/A', scope), 'N/A');
    assert.equal(evaluateValue('', scope), '');
    assert.equal(evaluateValue(5, scope), 5);
    assert.equal(evaluateValue(false, scope), false);
    assert.equal(evaluateValue(null, scope), null);
  });

  test('evaluates lists and objects item by item', () => {
    assert.deepEqual(evaluateValue({ total: '$sys.func.ADD(1, 2)', tags: ['$flow.list', 'x $flow.counter'], deep: { n: null } }, scope), {
      total: 3,
      tags: [['a', 'b'], 'x 2'],
      deep: { n: null },
    });
  });
});

describe('parseTemplate', () => {
  test('splits prose from references and calls', () => {
    const parts = parseTemplate('Hi $session.params.name, $sys.func.NOW() is now.');
    assert.deepEqual(
      parts.map((part) => ('node' in part ? `[${part.node.kind}:${part.text}]` : part.text)),
      ['Hi ', '[reference:$session.params.name]', ', ', '[call:$sys.func.NOW()]', ' is now.'],
    );
  });
});

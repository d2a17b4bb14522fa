import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeJsonError, findJsonErrorOffset } from '../../src/app/json-error.ts';

test('valid JSON of every kind scans to its end', () => {
  for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "b": {}} ', '"s"', '0', '[[],[{}]]']) {
    assert.doesNotThrow(() => JSON.parse(text));
    assert.equal(findJsonErrorOffset(text), text.length, text);
  }
});

test('broken JSON is located at the first character that cannot continue it', () => {
  const cases: [string, number][] = [
    ['{"a": }', 6],
    ['{"a" 1}', 5],
    ['[1 2]', 3],
    ['[1,]', 3],
    ['{"a":1,}', 7],
    ['{a:1}', 1],
    ['tru', 3],
    ['[nul]', 4],
    ['{"a":1} x', 8],
  ];
  for (const [text, offset] of cases) {
    assert.throws(() => JSON.parse(text));
    assert.equal(findJsonErrorOffset(text), offset, text);
  }
});

test('the description gives line and column and never quotes the body', () => {
  const message = describeJsonError('{\n  "pin": "4321",\n  "x": }');
  assert.match(message, /line 3 column 8/);
  assert.doesNotMatch(message, /4321/);
});

test('a body nested 100 000 levels deep is located without overflowing the stack (found by the fuzzer)', () => {
  const depth = 100_000;
  assert.equal(findJsonErrorOffset('['.repeat(depth)), depth, 'ends early');
  assert.equal(findJsonErrorOffset('['.repeat(depth) + 'x'), depth, 'bad character');
  assert.equal(findJsonErrorOffset('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)), 6 * depth + 1, 'valid');
  assert.equal(findJsonErrorOffset('{"a":'.repeat(depth) + '1' + '}'.repeat(depth - 1) + ']'), 6 * depth, 'wrong closer');
  assert.match(describeJsonError('['.repeat(depth)), /ends early/);
});

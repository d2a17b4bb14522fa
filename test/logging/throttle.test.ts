import assert from 'node:assert/strict';
import { test } from 'node:test';
import { throttled } from '../../src/logging/throttle.ts';

test('a repeating failure is logged once per interval, with how many were skipped since the last line', () => {
  let clock = 1_000;
  const report = throttled(30_000, () => clock);
  const logged: number[] = [];
  const fail = () => report((unlogged) => logged.push(unlogged));
  fail();
  fail();
  fail();
  clock += 29_999;
  fail();
  assert.deepEqual(logged, [0], 'one line in the first interval');
  clock += 1;
  fail();
  assert.deepEqual(logged, [0, 3], 'the next line says three were not logged');
});

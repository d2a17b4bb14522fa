import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeadlineQueue, type LateResult } from '../../src/app/deadline.ts';

test('work that settles in time is returned as done or failed, and its deadline never fires', async () => {
  const queue = new DeadlineQueue(50);
  let expired = 0;
  const done = await queue.race(Promise.resolve(7), () => expired++, () => assert.fail('not late'));
  const failed = await queue.race(Promise.reject(new Error('boom')), () => expired++, () => assert.fail('not late'));
  assert.deepEqual(done, { kind: 'done', value: 7 });
  assert.equal(failed.kind, 'failed');
  assert.equal(queue.size, 0);
  await sleep(80);
  assert.equal(expired, 0);
});

test('calls expire in arrival order under one timer, and each late outcome is reported once', async () => {
  const queue = new DeadlineQueue(40);
  const order: string[] = [];
  const late: LateResult<string>[] = [];
  const slow = (value: string, ms: number) => sleep(ms).then(() => value);
  const first = queue.race(slow('a', 120), () => order.push('a'), (outcome) => late.push(outcome));
  await sleep(10);
  const second = queue.race(slow('b', 120), () => order.push('b'), (outcome) => late.push(outcome));
  const quick = queue.race(slow('c', 5), () => order.push('c'), (outcome) => late.push(outcome));
  assert.deepEqual(await quick, { kind: 'done', value: 'c' });
  assert.deepEqual(await first, { kind: 'deadline' });
  assert.deepEqual(await second, { kind: 'deadline' });
  assert.deepEqual(order, ['a', 'b']);
  await sleep(150);
  assert.deepEqual(late, [{ kind: 'done', value: 'a' }, { kind: 'done', value: 'b' }]);
  assert.equal(queue.size, 0);
});

test('once no call is waiting, the deadline timer does not keep the process alive', async () => {
  const { execFile } = await import('node:child_process');
  const script = `
    import { createWebhook, createLogger } from './src/index.ts';
    const app = createWebhook({ deadlineMs: 20000, logger: createLogger({ level: 'silent' }) });
    app.fallback((ctx) => ctx.reply.text('hi'));
    const answer = await app.inject({ fulfillmentInfo: { tag: 'x' } });
    console.log(answer.status);`;
  const started = performance.now();
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: new URL('../../', import.meta.url), timeout: 15000 }, (error, out) =>
      error ? reject(error) : resolve(out),
    ),
  );
  assert.equal(stdout.trim(), '200');
  assert.ok(performance.now() - started < 10000, 'the process exited long before the 20 s budget');
});

test('calls that finish out of order leave the queue empty, and the ones still waiting expire in arrival order', async () => {
  const queue = new DeadlineQueue(60);
  const expired: number[] = [];
  const releases: (() => void)[] = [];
  const races = Array.from({ length: 6 }, (_, index) =>
    queue.race(
      new Promise<number>((resolve) => releases.push(() => resolve(index))),
      () => expired.push(index),
      () => undefined,
    ),
  );
  assert.equal(queue.size, 6);
  // First, last and a middle one finish in time; 1, 3 and 4 are left to the deadline.
  for (const index of [5, 0, 2]) releases[index]?.();
  assert.deepEqual(await races[0], { kind: 'done', value: 0 });
  assert.deepEqual(await races[5], { kind: 'done', value: 5 });
  assert.equal(queue.size, 3);
  const settled = await Promise.all(races);
  assert.deepEqual(expired, [1, 3, 4]);
  assert.deepEqual(settled.map((outcome) => outcome.kind), ['done', 'deadline', 'done', 'deadline', 'deadline', 'done']);
  assert.equal(queue.size, 0);
  // The queue keeps working after it emptied.
  assert.deepEqual(await queue.race(Promise.resolve(9), () => assert.fail('in time'), () => undefined), { kind: 'done', value: 9 });
});

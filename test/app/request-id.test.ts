// Generated request ids: unique per call and across apps, and safe to echo (they pass the core's own
// x-request-id check, so a generated id sent back by a proxy is kept as it is).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requestIds } from '../../src/app/request-id.ts';
import { makeApp, makeRequest } from './helpers.ts';

describe('requestIds', () => {
  test('never repeats an id within one source', () => {
    const next = requestIds();
    const ids = Array.from({ length: 50_000 }, next);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('two sources (two apps, two replicas) draw different prefixes', () => {
    const prefixes = new Set(Array.from({ length: 200 }, () => requestIds()().split('-')[0]));
    assert.equal(prefixes.size, 200);
  });

  test('an id the core generated is accepted back as a caller-sent x-request-id', async () => {
    const app = makeApp();
    app.fallback((ctx) => ctx.reply.text('ok'));
    const body = JSON.stringify(makeRequest());
    const first = await app.handle({ body, headers: { 'content-type': 'application/json' } });
    const generated = first.headers['x-request-id'];
    assert.ok(generated);
    const echoed = await app.handle({ body, headers: { 'content-type': 'application/json', 'x-request-id': generated } });
    assert.equal(echoed.headers['x-request-id'], generated);
  });
});

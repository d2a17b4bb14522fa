// Shape limits on request bodies: the flat scan itself, and the 400 CXH_ERR_JSON_TOO_COMPLEX the
// core answers before any recursive processing (so pathological nesting never overflows the stack).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { exceededJsonLimit } from '../../src/limits/json-complexity.ts';
import { makeApp, makeRequest } from '../app/helpers.ts';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('exceededJsonLimit', () => {
  test('counts nesting of objects and arrays together and names the depth limit', () => {
    assert.equal(exceededJsonLimit('[{"a":[1]}]', 3, 100), undefined);
    assert.match(exceededJsonLimit('[{"a":[[1]]}]', 3, 100) ?? '', /deeper than 3 levels \(limits\.maxDepth\)/);
  });

  test('a body whose brackets and colons could all count stays within limits at the bound itself', () => {
    // 3 brackets and 2 colons in all: within 3 and 2 without a scan; one fewer allowed and it is refused.
    assert.equal(exceededJsonLimit('[{"a":[1],"b":2}]', 3, 2), undefined);
    assert.match(exceededJsonLimit('[{"a":[1],"b":2}]', 2, 2) ?? '', /deeper than 2 levels/);
    assert.match(exceededJsonLimit('[{"a":[1],"b":2}]', 3, 1) ?? '', /more than 1 object keys/);
  });

  test('depth is the deepest point, not the number of containers', () => {
    assert.equal(exceededJsonLimit('[[1],[2],[3],{"a":1},{"b":[]}]', 3, 100), undefined);
  });

  test('counts object keys across the whole body and names the key limit', () => {
    assert.equal(exceededJsonLimit('{"a":1,"b":{"c":2}}', 10, 3), undefined);
    assert.match(exceededJsonLimit('{"a":1,"b":{"c":2,"d":3}}', 10, 3) ?? '', /more than 3 object keys \(limits\.maxKeys\)/);
  });

  test('brackets, braces and colons inside strings do not count, escaped quotes included', () => {
    const text = JSON.stringify({ a: '[[[[{{{{::::', b: 'say \\"[[[["', c: 'ends with backslash \\' , d: '"[{:' });
    assert.equal(exceededJsonLimit(text, 1, 4), undefined);
    assert.ok(exceededJsonLimit(text, 1, 3), 'the four real keys are counted');
  });

  test('text too short to hold more keys than allowed is not counted: it is not JSON, JSON.parse refuses it', () => {
    // Valid JSON spends at least 4 characters per key (`"":0`); 7 colons in 7 characters are no JSON.
    assert.equal(exceededJsonLimit(':::::::', 64, 1), undefined);
    assert.throws(() => JSON.parse(':::::::'), SyntaxError);
    // From 4 characters per allowed key plus one, the colons are counted again.
    assert.match(exceededJsonLimit('{"a":1,"":2}', 64, 1) ?? '', /more than 1 object keys/);
    assert.match(exceededJsonLimit('::::::::', 64, 1) ?? '', /more than 1 object keys/);
  });

  test('an unterminated string is left for JSON.parse to report', () => {
    assert.equal(exceededJsonLimit('{"a":"[[[[[[', 1, 1), undefined);
  });
});

describe('the core answers 400 CXH_ERR_JSON_TOO_COMPLEX', () => {
  test('100 000 opening brackets get 400 naming maxDepth, not a stack overflow', async () => {
    const app = makeApp();
    const answer = await app.handle({ body: '['.repeat(100_000), headers: JSON_HEADERS });
    assert.equal(answer.status, 400);
    const { error } = JSON.parse(answer.body);
    assert.equal(error.code, 'CXH_ERR_JSON_TOO_COMPLEX');
    assert.match(error.message, /deeper than 64 levels/);
  });

  test('deep nesting inside session parameters is refused before the handler runs', async () => {
    let ran = false;
    const app = makeApp({ limits: { maxDepth: 10 } });
    app.fallback(() => {
      ran = true;
    });
    let deep: unknown = 'leaf';
    for (let i = 0; i < 20; i++) deep = { next: deep };
    const answer = await app.handle({ body: JSON.stringify(makeRequest({ sessionInfo: { parameters: { deep } } })), headers: JSON_HEADERS });
    assert.equal(answer.status, 400);
    assert.equal(JSON.parse(answer.body).error.code, 'CXH_ERR_JSON_TOO_COMPLEX');
    assert.equal(ran, false);
  });

  test('a body with more keys than maxKeys gets 400 naming maxKeys', async () => {
    const parameters = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, i]));
    const app = makeApp({ limits: { maxKeys: 40 } });
    const answer = await app.handle({ body: JSON.stringify(makeRequest({ sessionInfo: { parameters } })), headers: JSON_HEADERS });
    assert.equal(answer.status, 400);
    const { error } = JSON.parse(answer.body);
    assert.equal(error.code, 'CXH_ERR_JSON_TOO_COMPLEX');
    assert.match(error.message, /more than 40 object keys/);
  });

  test('the same body within the limits reaches the handler', async () => {
    const parameters = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, i]));
    const app = makeApp({ limits: { maxKeys: 100 } });
    app.fallback((ctx) => ctx.reply.text(String(Object.keys(ctx.request.sessionInfo?.parameters ?? {}).length)));
    const answer = await app.handle({ body: JSON.stringify(makeRequest({ sessionInfo: { parameters } })), headers: JSON_HEADERS });
    assert.equal(answer.status, 200);
    assert.equal(JSON.parse(answer.body).fulfillmentResponse.messages[0].text.text[0], '50');
  });

  test('every shared real CX request passes the default limits', async () => {
    for (const name of ['weather', 'booking', 'large']) {
      const body = readFileSync(sharedFixture(`bench/${name}.json`), 'utf8');
      assert.equal(exceededJsonLimit(body, 64, 10_000), undefined, name);
    }
  });

  test('bad limits are refused at creation with CXH_ERR_INVALID_OPTION naming the option', () => {
    for (const [limits, name] of [
      [{ maxDepth: 0 }, 'limits.maxDepth'],
      [{ maxDepth: 1.5 }, 'limits.maxDepth'],
      [{ maxDepth: 5000 }, 'limits.maxDepth'],
      [{ maxKeys: -1 }, 'limits.maxKeys'],
      [{ maxKeys: Number.NaN }, 'limits.maxKeys'],
    ] as const) {
      assert.throws(() => makeApp({ limits }), (error: any) => error.code === 'CXH_ERR_INVALID_OPTION' && error.message.includes(name));
    }
  });
});

// builtOnFirstUse: the zod schemas are built when first read, once, and then look like the plain
// object they are (keys, `in`, spreading), while nobody can change them through the proxy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtOnFirstUse } from '../../src/protocol/on-first-use.ts';

test('nothing is built until a property is read, and then only once', () => {
  let builds = 0;
  const lazy = builtOnFirstUse(() => {
    builds++;
    return { a: 1, b: { c: 2 } };
  });
  assert.equal(builds, 0);
  assert.equal(lazy.a, 1);
  assert.equal(lazy.b.c, 2);
  assert.equal(builds, 1);
  assert.equal(lazy.b, lazy.b, 'the same built value each time');
  assert.equal(builds, 1);
});

test('the built object can be listed, tested and spread like the object itself', () => {
  const lazy = builtOnFirstUse(() => ({ a: 1, b: 2 }));
  assert.deepEqual(Object.keys(lazy), ['a', 'b']);
  assert.ok('a' in lazy);
  assert.ok(!('z' in lazy));
  assert.deepEqual({ ...lazy }, { a: 1, b: 2 });
  assert.deepEqual(Object.entries(lazy), [['a', 1], ['b', 2]]);
});

test('the proxy refuses writes, definitions and deletions', () => {
  const lazy = builtOnFirstUse(() => ({ a: 1 })) as Record<string, unknown>;
  // Test files are modules, so strict: a refused set throws.
  assert.throws(() => {
    lazy.a = 2;
  }, TypeError);
  assert.throws(() => Object.defineProperty(lazy, 'b', { value: 1 }), TypeError);
  assert.throws(() => delete lazy.a, TypeError);
  assert.equal(lazy.a, 1);
});

test('the request and response schemas come from it: real zod schemas on first read', async () => {
  const { requestSchemas, responseSchemas } = await import('../../src/protocol/schemas.ts');
  assert.equal(requestSchemas.webhookRequest.safeParse({ text: 'hi' }).success, true);
  assert.equal(responseSchemas.webhookResponse.safeParse({ unknownField: 1 }).success, false);
  assert.deepEqual(Object.keys(requestSchemas).sort(), ['pageInfo', 'parameterInfo', 'responseMessage', 'sessionInfo', 'webhookRequest']);
});

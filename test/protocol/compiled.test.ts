// The compiled validators are a fast path in front of zod; they may refuse what zod accepts (zod
// then decides) but must never accept what zod refuses, nor produce another value. Checked on the
// real fixtures and on thousands of seeded mutations of them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compileValidator } from '../../src/protocol/compiled.ts';
import { isJsonValue } from '../../src/protocol/json.ts';
import { lenientNormaliser } from '../../src/protocol/lenient.ts';
import { requestSchemas, responseSchemas } from '../../src/protocol/schemas.ts';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';

const shared = sharedFixture('');
const load = (folder: string) =>
  readdirSync(new URL(folder, shared))
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(new URL(`${folder}${file}`, shared), 'utf8')) as unknown);

/** A small seeded PRNG (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REPLACEMENTS: unknown[] = [null, 0, 1.5, -1, 'x', '', true, false, [], {}, ['a'], { extra: 1 }, 'INVALID', 'BOGUS', 2, Number.NaN];

/** Copies `value` with one random change somewhere: a replaced, deleted or added field. */
function mutate(value: unknown, next: () => number): unknown {
  const copy = structuredClone(value);
  const containers: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach((item, index) => (containers.push({ parent: node, key: index }), walk(item)));
    else if (node && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) containers.push({ parent: node as Record<string, unknown>, key }), walk(item);
    }
  };
  walk(copy);
  const target = containers[Math.floor(next() * containers.length)];
  if (!target) return copy;
  const roll = next();
  const parent = target.parent as Record<string | number, unknown>;
  if (roll < 0.6) parent[target.key] = REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)];
  else if (roll < 0.8 && !Array.isArray(parent)) delete parent[target.key];
  else if (!Array.isArray(parent)) parent[`unknown${Math.floor(next() * 3)}`] = 'surprise';
  return copy;
}

test('the compiled request validator never accepts what zod refuses, and strips to zod\'s value', () => {
  const validate = compileValidator(requestSchemas.webhookRequest, { stripUnknown: true });
  const normalise = lenientNormaliser(requestSchemas.webhookRequest);
  const seeds = [...load('requests/'), ...load('bench/')];
  const next = random(20261127);
  let accepted = 0;
  for (let round = 0; round < 3000; round++) {
    const base = seeds[round % seeds.length];
    const candidate = round < seeds.length ? structuredClone(base) : mutate(base, next);
    const normalised = structuredClone(normalise(candidate));
    const byZod = requestSchemas.webhookRequest.safeParse(normalised);
    const fast = structuredClone(normalised);
    if (!validate(fast)) continue;
    accepted++;
    assert.ok(byZod.success, `case ${round}: compiled accepted what zod refuses: ${JSON.stringify(byZod.error?.issues)} ${JSON.stringify(candidate).slice(0, 200)}`);
    assert.deepEqual(fast, byZod.data, `case ${round}: compiled and zod disagree on the value`);
  }
  assert.ok(accepted > 500, `only ${accepted} cases reached the fast path`);
});

test('the compiled response validator (with the JSON check) never accepts what zod refuses', () => {
  const validate = compileValidator(responseSchemas.webhookResponse, { stripUnknown: false });
  const seeds: unknown[] = [
    ...load('responses/'),
    {
      fulfillmentResponse: {
        messages: [
          { text: { text: ['a', 'b'] }, channel: 'web' },
          { payload: { richContent: [[{ type: 'chips', options: [{ text: 'x' }] }]] } },
          { outputAudioText: { ssml: '<speak>x</speak>' } },
          { conversationSuccess: { metadata: { k: 1 } } },
          { liveAgentHandoff: {} },
          { playAudio: { audioUri: 'gs://a' } },
          { telephonyTransferCall: { phoneNumber: '+14155550100' } },
        ],
        mergeBehavior: 'REPLACE',
      },
      pageInfo: { formInfo: { parameterInfo: [{ displayName: 'd', required: true, state: 'INVALID' }] } },
      sessionInfo: { parameters: { a: 1, b: null, c: { d: [1, 'x'] } } },
      payload: { any: true },
      targetPage: 'projects/p/locations/l/agents/a/flows/f/pages/END_SESSION',
    },
  ];
  const next = random(42);
  let accepted = 0;
  for (let round = 0; round < 3000; round++) {
    const base = seeds[round % seeds.length];
    const candidate = round < seeds.length ? structuredClone(base) : mutate(base, next);
    if (!(validate(candidate) && isJsonValue(candidate))) continue;
    accepted++;
    const byZod = responseSchemas.webhookResponse.safeParse(candidate);
    assert.ok(byZod.success, `case ${round}: compiled accepted what zod refuses: ${JSON.stringify(candidate).slice(0, 300)}`);
    assert.deepEqual(candidate, byZod.data, `case ${round}: compiled and zod disagree on the value`);
  }
  assert.ok(accepted > 300, `only ${accepted} cases reached the fast path`);
});

test('a deferred validator answers "not ready" on first use, compiles after that call, then validates', async () => {
  const { deferredValidator } = await import('../../src/protocol/compiled.ts');
  const validate = deferredValidator(() => responseSchemas.webhookResponse, { stripUnknown: false });
  assert.equal(validate({}), undefined, 'not compiled at first use, so the caller uses zod');
  await new Promise((resolve) => setTimeout(resolve, 20));
  let ready = validate({});
  for (let waited = 0; ready === undefined && waited < 50; waited++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    ready = validate({});
  }
  assert.equal(ready, true);
  assert.equal(validate({ fulfilmentResponse: {} }), false);
});

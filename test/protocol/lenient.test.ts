import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lenientNormaliser } from '../../src/protocol/lenient.ts';
import { parseWebhookRequest } from '../../src/protocol/parse-request.ts';
import { requestSchemas } from '../../src/protocol/schemas.ts';

const normalise = lenientNormaliser(requestSchemas.webhookRequest);

test('a request without nulls or enum numbers is passed through as the same object, not copied', () => {
  const request = { fulfillmentInfo: { tag: 'a' }, pageInfo: { formInfo: { parameterInfo: [{ displayName: 'x', state: 'FILLED' }] } } };
  assert.equal(normalise(request), request);
});

test('nulls in optional message fields are removed at any depth and enum numbers named, on a copy', () => {
  const request = {
    intentInfo: null,
    pageInfo: { displayName: null, formInfo: { parameterInfo: [{ displayName: 'x', state: 2, required: null, justCollected: true }] } },
    messages: [{ text: { text: ['hi'] }, responseType: 3, channel: null }],
  };
  const before = JSON.stringify(request);
  const fixed = normalise(request) as typeof request;
  assert.equal(JSON.stringify(request), before, 'the input is not modified');
  assert.deepEqual(fixed, {
    pageInfo: { formInfo: { parameterInfo: [{ displayName: 'x', state: 'INVALID', justCollected: true }] } },
    messages: [{ text: { text: ['hi'] }, responseType: 'HANDLER_PROMPT' }],
  });
});

test('null session parameter values are kept: inside a JSON map null is a value, not "unset"', () => {
  const parsed = parseWebhookRequest({ sessionInfo: { session: 's', parameters: { gone: null, kept: 1 } }, payload: { a: null } });
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.request.sessionInfo?.parameters, { gone: null, kept: 1 });
  assert.deepEqual(parsed.request.payload, { a: null });
});

test('a null in a required field is still refused with its path', () => {
  const parsed = parseWebhookRequest({ pageInfo: { formInfo: { parameterInfo: [{ displayName: null, state: 'FILLED' }] } } });
  assert.equal(parsed.ok, false);
  assert.equal(parsed.ok ? '' : parsed.issues[0]?.path, 'pageInfo.formInfo.parameterInfo.0.displayName');
});

test('a request with a null to fix and a payload nested 100 000 levels deep is normalised without overflowing the stack (found by the fuzzer)', () => {
  const depth = 100_000;
  const text = `{"text":null,"fulfillmentInfo":{"tag":"t"},"payload":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
  const request = JSON.parse(text);
  const fixed = normalise(request) as Record<string, unknown>;
  assert.equal('text' in fixed, false);
  assert.equal('text' in request, true, 'the input is not modified');
  assert.equal(fixed.payload, request.payload, 'the untouched payload is shared, not copied');
  assert.ok(parseWebhookRequest(JSON.parse(text), { mayModify: true }).ok);
});

test('parsing without mayModify never strips unknown fields from the input, even when a null was fixed', () => {
  const request = { text: null, pageInfo: { displayName: 'P', unknownField: 1 } };
  const parsed = parseWebhookRequest(request);
  assert.ok(parsed.ok);
  assert.deepEqual(request, { text: null, pageInfo: { displayName: 'P', unknownField: 1 } });
  assert.deepEqual(parsed.request.pageInfo, { displayName: 'P' });
});

test('the in-place fast path reads nulls, enum numbers and unknown fields exactly as the copying path does', () => {
  const body = () => ({
    text: null,
    fulfillmentInfo: { tag: 'weather', unknownField: true },
    pageInfo: { displayName: 'P', formInfo: { parameterInfo: [{ displayName: 'a', state: 2, required: null }] } },
    sessionInfo: { parameters: { kept: null } },
  });
  const fast = parseWebhookRequest(body(), { mayModify: true });
  const copying = parseWebhookRequest(body());
  assert.ok(fast.ok && copying.ok);
  assert.deepEqual(fast.request, copying.request);
  assert.deepEqual(fast.request.pageInfo?.formInfo?.parameterInfo, [{ displayName: 'a', state: 'INVALID' }]);
  assert.equal('text' in fast.request, false);
  assert.deepEqual(fast.request.sessionInfo?.parameters, { kept: null }, 'a parameter set to null stays: it is a value, not an unset field');
});

test('a clean request is accepted as it is on the fast path, without a copy', async () => {
  // Under tsx the compiled validator is built after its first use (zod answers that one).
  parseWebhookRequest({}, { mayModify: true });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const request = { fulfillmentInfo: { tag: 'weather' }, sessionInfo: { parameters: { city: 'Paris' } } };
  const parsed = parseWebhookRequest(request, { mayModify: true });
  assert.ok(parsed.ok);
  assert.equal(parsed.request, request);
});

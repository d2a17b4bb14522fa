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

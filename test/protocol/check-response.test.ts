// Strict checks of what a webhook sends (spec §3, §5, §6): unknown keys, output-only messages,
// oneofs, form parameter states and names, JSON-only parameter values and the 64 KiB limit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkWebhookResponse, MAX_RESPONSE_BYTES, parseWebhookRequest, type ContractIssue } from '../../src/protocol/index.ts';
import { PAGE } from '../app/helpers.ts';

function refused(candidate: unknown, request?: Parameters<typeof checkWebhookResponse>[1]): ContractIssue[] {
  const result = checkWebhookResponse(candidate, request);
  if (result.ok) assert.fail(`expected ${JSON.stringify(candidate)} to be refused`);
  return result.issues;
}

function accepted(candidate: unknown, request?: Parameters<typeof checkWebhookResponse>[1]) {
  const result = checkWebhookResponse(candidate, request);
  if (!result.ok) assert.fail(`expected acceptance, got ${JSON.stringify(result.issues)}`);
  return result;
}

const messages = (...list: unknown[]) => ({ fulfillmentResponse: { messages: list } });

describe('checkWebhookResponse', () => {
  test('an empty response is accepted and serialised as {}', () => {
    assert.equal(accepted({}).body, '{}');
  });

  test('a response using every webhook-settable message kind is accepted', () => {
    const result = accepted({
      ...messages(
        { text: { text: ['a', 'b'] } },
        { payload: { any: ['json'] } },
        { conversationSuccess: { metadata: { ok: true } } },
        { outputAudioText: { ssml: '<speak>hi</speak>' }, channel: 'voice' },
        { liveAgentHandoff: {} },
        { playAudio: { audioUri: 'gs://bucket/a.wav' } },
        { telephonyTransferCall: { phoneNumber: '+14155550100' } },
        { knowledgeInfoCard: {} },
      ),
      sessionInfo: { parameters: { a: 1 } },
      payload: { caller: 'data' },
      targetPage: PAGE,
    });
    assert.equal(JSON.parse(result.body).fulfillmentResponse.messages.length, 8);
  });

  test('an unknown key is refused with its path', () => {
    const found = refused({ fulfillmentResponse: { messages: [{ text: { text: ['x'], extra: true } }] } });
    assert.equal(found.length, 1);
    assert.equal(found[0]?.path, 'fulfillmentResponse.messages.0.text.extra');
    assert.match(found[0]?.message ?? '', /unknown field "extra"/);
  });

  test('an unknown top-level key is refused at the root', () => {
    const found = refused({ fulfillmentResponse: {}, followupEvent: 'x' });
    assert.equal(found[0]?.path, 'followupEvent');
    assert.match(found[0]?.message ?? '', /unknown field "followupEvent"$/);
  });

  test('each unknown key is its own issue, and a snake_case key gets a camelCase hint', () => {
    const found = refused({ target_page: 'x', session_info: {} });
    assert.deepEqual(found.map((issue) => issue.path), ['target_page', 'session_info']);
    assert.match(found[0]?.message ?? '', /did you mean "targetPage"\?/);
    assert.match(found[1]?.message ?? '', /did you mean "sessionInfo"\?/);
  });

  for (const kind of ['endInteraction', 'mixedAudio', 'toolCall']) {
    test(`the output-only message ${kind} is refused as output-only`, () => {
      const found = refused(messages({ [kind]: {} }));
      assert.equal(found[0]?.path, `fulfillmentResponse.messages.0.${kind}`);
      assert.match(found[0]?.message ?? '', new RegExp(`${kind} is output-only`));
    });
  }

  test('a mergeBehavior outside the enum is refused with its path', () => {
    const found = refused({ fulfillmentResponse: { messages: [], mergeBehavior: 'MERGE' } });
    assert.equal(found[0]?.path, 'fulfillmentResponse.mergeBehavior');
  });

  test('a numeric mergeBehavior is refused (responses emit enum names only)', () => {
    refused({ fulfillmentResponse: { mergeBehavior: 2 } });
  });

  test('targetPage and targetFlow together are refused (oneof transition)', () => {
    const found = refused({ targetPage: PAGE, targetFlow: PAGE.split('/pages/')[0] });
    assert.equal(found.length, 1);
    assert.equal(found[0]?.path, 'targetFlow');
    assert.match(found[0]?.message ?? '', /oneof/);
  });

  test('a message holding two kinds is refused and names both', () => {
    const found = refused(messages({ text: { text: ['a'] } }, { text: { text: ['b'] }, payload: {} }));
    assert.equal(found.length, 1);
    assert.equal(found[0]?.path, 'fulfillmentResponse.messages.1');
    assert.match(found[0]?.message ?? '', /found text, payload/);
  });

  test('a message holding no kind (only a channel) is refused', () => {
    const found = refused(messages({ channel: 'web' }));
    assert.equal(found[0]?.path, 'fulfillmentResponse.messages.0');
    assert.match(found[0]?.message ?? '', /found none/);
  });

  test('outputAudioText with both text and ssml is refused', () => {
    const found = refused(messages({ outputAudioText: { text: 'a', ssml: '<speak>a</speak>' } }));
    assert.deepEqual(
      found.map((issue) => issue.path),
      ['fulfillmentResponse.messages.0.outputAudioText'],
    );
  });

  test('outputAudioText with neither text nor ssml is refused', () => {
    const found = refused(messages({ outputAudioText: {} }));
    assert.equal(found[0]?.path, 'fulfillmentResponse.messages.0.outputAudioText');
  });

  test('playAudio without an audioUri is refused', () => {
    const found = refused(messages({ playAudio: {} }));
    assert.equal(found[0]?.path, 'fulfillmentResponse.messages.0.playAudio.audioUri');
  });

  for (const state of ['FILLED', 'EMPTY', 'PARAMETER_STATE_UNSPECIFIED']) {
    test(`a form parameter state of ${state} is refused (only INVALID is honoured)`, () => {
      const found = refused({ pageInfo: { formInfo: { parameterInfo: [{ displayName: 'n', required: true, state }] } } });
      assert.equal(found[0]?.path, 'pageInfo.formInfo.parameterInfo.0.state');
      assert.match(found[0]?.message ?? '', new RegExp(`only INVALID.*${state}`));
    });
  }

  test('a form parameter state INVALID is accepted', () => {
    accepted({ pageInfo: { formInfo: { parameterInfo: [{ displayName: 'n', required: true, state: 'INVALID' }] } } });
  });

  test('given the request, a form parameter the page does not have is refused and the page ones are listed', () => {
    const request = parseWebhookRequest({
      pageInfo: { currentPage: PAGE, formInfo: { parameterInfo: [{ displayName: 'size', state: 'FILLED' }, { displayName: 'color', state: 'EMPTY' }] } },
    });
    assert.ok(request.ok);
    const response = { pageInfo: { formInfo: { parameterInfo: [{ displayName: 'colour', required: true, state: 'INVALID' }] } } };
    const found = refused(response, request.request);
    assert.equal(found[0]?.path, 'pageInfo.formInfo.parameterInfo.0.displayName');
    assert.match(found[0]?.message ?? '', /"colour" is not a form parameter.*size, color/);
    // The same response is fine for a parameter the page has, and without a request to compare with.
    accepted({ pageInfo: { formInfo: { parameterInfo: [{ displayName: 'color', required: true, state: 'INVALID' }] } } }, request.request);
    accepted(response);
  });

  test('a body just at 64 KiB is accepted and one byte more is tooLarge', () => {
    const overhead = JSON.stringify(messages({ text: { text: [''] } })).length;
    const exact = accepted(messages({ text: { text: ['x'.repeat(MAX_RESPONSE_BYTES - overhead)] } }));
    assert.equal(Buffer.byteLength(exact.body), MAX_RESPONSE_BYTES);
    const result = checkWebhookResponse(messages({ text: { text: ['x'.repeat(MAX_RESPONSE_BYTES - overhead + 1)] } }));
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.tooLarge);
    assert.equal(!result.ok && result.tooLarge?.bytes, MAX_RESPONSE_BYTES + 1);
  });

  test('the size limit counts UTF-8 bytes, not characters', () => {
    const text = 'é'.repeat(40_000); // 40 000 characters, 80 000 bytes
    const result = checkWebhookResponse(messages({ text: { text: [text] } }));
    assert.ok(!result.ok && result.tooLarge && result.tooLarge.bytes > 80_000);
  });

  const notJson: [string, unknown][] = [
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['undefined', undefined],
    ['a Date', new Date(0)],
    ['a class instance', new (class Money { amount = 1 })()],
    ['a Map', new Map()],
    ['a nested NaN', { deep: [1, Number.NaN] }],
    ['a function', () => 1],
  ];
  for (const [what, value] of notJson) {
    test(`a session parameter holding ${what} is refused with its path`, () => {
      const found = refused({ sessionInfo: { parameters: { ok: 1, bad: value } } });
      assert.deepEqual(
        found.map((issue) => issue.path),
        ['sessionInfo.parameters.bad'],
      );
      assert.match(found[0]?.message ?? '', /JSON value/);
    });
  }

  test('a null session parameter is kept (it deletes the parameter)', () => {
    const result = accepted({ sessionInfo: { parameters: { gone: null } } });
    assert.equal(result.body, '{"sessionInfo":{"parameters":{"gone":null}}}');
  });

  test('a payload that is a class instance is refused', () => {
    const found = refused({ payload: new (class P {})() });
    assert.equal(found[0]?.path, 'payload');
  });
});

// Lenient parsing of what CX sends (spec §2, §6): unknown fields dropped, nulls unset, enums by
// number or unknown name mapped, but a body that is not a WebhookRequest refused with the path.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseWebhookRequest, type WebhookRequest } from '../../src/protocol/index.ts';
import { fixture } from '../app/helpers.ts';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';

function parsed(json: unknown): WebhookRequest {
  const result = parseWebhookRequest(json);
  if (!result.ok) assert.fail(`expected the request to parse, got ${JSON.stringify(result.issues)}`);
  return result.request;
}

function issues(json: unknown) {
  const result = parseWebhookRequest(json);
  if (result.ok) assert.fail('expected the request to be refused');
  return result.issues;
}

describe('parseWebhookRequest', () => {
  test('every shared request fixture parses', () => {
    const dir = sharedFixture('requests/');
    const names = readdirSync(dir).filter((name) => name.endsWith('.json'));
    assert.ok(names.length >= 8, `expected the shared request fixtures, found ${names.length}`);
    for (const name of names) {
      const result = parseWebhookRequest(fixture('requests', name));
      assert.ok(result.ok, `${name}: ${result.ok ? '' : JSON.stringify(result.issues)}`);
    }
  });

  test('undocumented message fields redactedText and source are tolerated and dropped', () => {
    const request = parsed(fixture('requests', 'real-telephony-callerid-welcome.json'));
    const first = request.messages?.[0] as Record<string, any>;
    assert.deepEqual(first.text, { text: ['Hi there. '] });
    assert.equal('redactedText' in first.text, false);
    assert.equal('source' in first, false);
    assert.equal(first.responseType, 'HANDLER_PROMPT');
  });

  test('an unknown top-level field (callerId) is dropped, the rest is kept', () => {
    const request = parsed({ callerId: '+17862512635', text: 'hi', fulfillmentInfo: { tag: 't', extra: 1 } });
    assert.equal('callerId' in request, false);
    assert.deepEqual(request.fulfillmentInfo, { tag: 't' });
    assert.equal(request.text, 'hi');
  });

  test('null in a message-typed or scalar field reads as unset', () => {
    const request = parsed({ text: null, intentInfo: null, pageInfo: { currentPage: 'x', formInfo: null }, languageCode: 'en' });
    assert.equal(request.text, undefined);
    assert.equal('text' in request && request.text !== undefined, false);
    assert.equal(request.intentInfo, undefined);
    assert.equal(request.pageInfo?.formInfo, undefined);
    assert.equal(request.languageCode, 'en');
  });

  test('null inside session parameters is kept as an explicit null value', () => {
    const request = parsed({ sessionInfo: { parameters: { gone: null, kept: 'v' } } });
    assert.deepEqual(request.sessionInfo?.parameters, { gone: null, kept: 'v' });
  });

  test('a numeric enum is read as its name', () => {
    const request = parsed({
      pageInfo: { formInfo: { parameterInfo: [{ displayName: 'a', state: 2 }, { displayName: 'b', state: 3 }] } },
      messages: [{ text: { text: ['x'] }, responseType: 1 }],
    });
    const states = request.pageInfo?.formInfo?.parameterInfo?.map((parameter) => parameter.state);
    assert.deepEqual(states, ['INVALID', 'FILLED']);
    assert.equal(request.messages?.[0]?.responseType, 'ENTRY_PROMPT');
  });

  test('an unknown enum name, an out-of-range number or a missing state reads as UNSPECIFIED', () => {
    const request = parsed({
      pageInfo: {
        formInfo: {
          parameterInfo: [
            { displayName: 'a', state: 'VALID' },
            { displayName: 'b', state: 42 },
            { displayName: 'c' },
          ],
        },
      },
      messages: [{ text: { text: ['x'] }, responseType: 'SOMETHING_NEW' }],
    });
    const states = request.pageInfo?.formInfo?.parameterInfo?.map((parameter) => parameter.state);
    assert.deepEqual(states, ['PARAMETER_STATE_UNSPECIFIED', 'PARAMETER_STATE_UNSPECIFIED', 'PARAMETER_STATE_UNSPECIFIED']);
    assert.equal(request.messages?.[0]?.responseType, 'RESPONSE_TYPE_UNSPECIFIED');
  });

  test('parameter values of any JSON type are kept as sent', () => {
    const value = { amount: 1000, currency: 'USD', nested: [1, 'two', null, { three: true }] };
    const request = parsed({
      sessionInfo: { parameters: { money: value } },
      intentInfo: { parameters: { when: { originalValue: 'tomorrow', resolvedValue: { year: 2026, month: 1, day: 2 } } } },
    });
    assert.deepEqual(request.sessionInfo?.parameters?.money, value);
    assert.deepEqual(request.intentInfo?.parameters?.when?.resolvedValue, { year: 2026, month: 1, day: 2 });
  });

  for (const body of [[], 'text', 42, null, true]) {
    test(`a non-object body (${JSON.stringify(body)}) is refused at the root`, () => {
      const found = issues(body);
      assert.equal(found.length, 1);
      assert.equal(found[0]?.path, '');
      assert.match(found[0]?.message ?? '', /JSON object/);
    });
  }

  test('a field of the wrong type is refused with its path', () => {
    const found = issues({ text: 5, pageInfo: { formInfo: { parameterInfo: [{ displayName: 7, state: 'FILLED' }] } } });
    const paths = found.map((issue) => issue.path).sort();
    assert.deepEqual(paths, ['pageInfo.formInfo.parameterInfo.0.displayName', 'text']);
    for (const issue of found) assert.match(issue.message, /string/);
  });

  test('session parameters that are not an object are refused with their path', () => {
    const found = issues({ sessionInfo: { parameters: ['a'] } });
    assert.deepEqual(
      found.map((issue) => issue.path),
      ['sessionInfo.parameters'],
    );
  });
});

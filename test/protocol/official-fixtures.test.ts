// Google's official sample responses (shared/fixtures/responses): what CX tolerates is not what a
// webhook built with cxhook may send. snake_case keys and the non-enum VALID state are refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkWebhookResponse } from '../../src/protocol/index.ts';
import { fixture } from '../app/helpers.ts';

function issuesOf(name: string) {
  const result = checkWebhookResponse(fixture('responses', name));
  return result.ok ? [] : result.issues;
}

describe('official response fixtures', () => {
  test('official-python-set-session-param.json is accepted unchanged', () => {
    const json = fixture('responses', 'official-python-set-session-param.json');
    const result = checkWebhookResponse(json);
    assert.ok(result.ok);
    assert.deepEqual(JSON.parse(result.body), json);
  });

  test('official-python-basic-snake-case.json is refused for fulfillment_response', () => {
    const found = issuesOf('official-python-basic-snake-case.json');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.path, 'fulfillment_response');
    assert.match(found[0]?.message ?? '', /did you mean "fulfillmentResponse"/);
  });

  test('official-python-validate-form-parameter-invalid.json is refused for page_info', () => {
    const found = issuesOf('official-python-validate-form-parameter-invalid.json');
    assert.ok(found.some((issue) => /page_info/.test(issue.message)), JSON.stringify(found));
  });

  test('official-nodejs-validate-form-parameter-invalid.json is refused for its snake_case keys', () => {
    const found = issuesOf('official-nodejs-validate-form-parameter-invalid.json');
    const text = found.map((issue) => issue.message).join(' ');
    assert.match(text, /fulfillment_response/);
    assert.match(text, /page_info/);
  });

  test('official-nodejs-set-required-nonstandard-state.json is refused for the VALID state', () => {
    const found = issuesOf('official-nodejs-set-required-nonstandard-state.json');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.path, 'pageInfo.formInfo.parameterInfo.0.state');
  });
});

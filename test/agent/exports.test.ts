// The agent tools are public through the `cxhook/agent` subpath.
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('cxhook/agent exports the loader, its lookups and the model constants', async () => {
  const agent = await import('cxhook/agent');
  for (const name of ['loadAgent', 'loadAgentSync', 'findPage', 'routeGroupsOf', 'intentById', 'flowById', 'specialTargetOf', 'decodeName'] as const) {
    assert.equal(typeof agent[name], 'function', name);
  }
  assert.ok(agent.SPECIAL_TARGETS.includes('END_SESSION'));
  assert.equal(agent.START_PAGE_NAME, 'Start Page');
});

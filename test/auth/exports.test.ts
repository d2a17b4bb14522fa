// The auth schemes are public: from the package root and from the `cxhook/auth` subpath.
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('cxhook and cxhook/auth export the same auth factories', async () => {
  const root = await import('cxhook');
  const sub = await import('cxhook/auth');
  for (const name of ['anyOf', 'apiKey', 'basicAuth', 'bearerToken', 'googleIdToken', 'oauthToken', 'readSecret'] as const) {
    assert.equal(typeof sub[name], 'function', name);
    assert.equal(root[name], sub[name], name);
  }
});

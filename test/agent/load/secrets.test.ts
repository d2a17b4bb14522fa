import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadAgent } from '../../../src/agent/index.ts';
import { minimalExport, stringifyModel, writeExport } from './helpers.ts';

const PASSWORD = 'pa55-Sup3r-s3cret';
const HEADER_VALUE = 'Bearer hdr-t0ken-value';
const CLIENT_SECRET = 'oauth-cl1ent-secret';
const URI_PASSWORD = 'ur1-pa55word';

test('webhook passwords, header values, OAuth secrets and URI passwords never reach the model', async () => {
  const agent = await loadAgent(
    writeExport({
      ...minimalExport(),
      'webhooks/basic.json': { name: 'w1', displayName: 'basic', genericWebService: { uri: 'https://cx.example/hook', username: 'cx', password: PASSWORD }, timeout: { seconds: 7, nanos: 500000000 } },
      'webhooks/headers.json': { name: 'w2', displayName: 'headers', genericWebService: { uri: 'https://cx.example/h', requestHeaders: [{ key: 'Authorization', value: HEADER_VALUE }] } },
      'webhooks/oauth.json': { name: 'w3', displayName: 'oauth', genericWebService: { uri: 'https://cx.example/o', oauthConfig: { clientId: 'id', clientSecret: CLIENT_SECRET, tokenEndpoint: 'https://auth.example/token' } } },
      'webhooks/in-uri.json': { name: 'w4', displayName: 'in-uri', genericWebService: { uri: `https://bot:${URI_PASSWORD}@cx.example/u` } },
      'webhooks/directory.json': {
        name: 'w5',
        displayName: 'directory',
        serviceDirectory: { service: 'projects/p/locations/l/namespaces/n/services/s', genericWebService: { uri: 'https://10.0.0.2/cx', password: PASSWORD } },
      },
      'webhooks/open.json': { name: 'w6', displayName: 'open', genericWebService: { uri: 'https://cx.example/open' }, disabled: true },
    }),
  );
  const text = stringifyModel(agent);
  for (const secret of [PASSWORD, HEADER_VALUE, CLIENT_SECRET, URI_PASSWORD]) assert.equal(text.includes(secret), false, `${secret} leaked into the model`);
  assert.ok(text.includes('https://cx.example/hook'), 'the serialisation does include the webhooks (Maps are written out)');

  const hooks = agent.webhooks;
  assert.deepEqual([...hooks.values()].map((hook) => [hook.displayName, hook.hasCredentials]), [
    ['basic', true],
    ['directory', true],
    ['headers', true],
    ['in-uri', true],
    ['oauth', true],
    ['open', false],
  ]);
  assert.equal(hooks.get('in-uri')?.uri, 'https://cx.example/u');
  assert.equal(hooks.get('basic')?.timeoutMs, 7500);
  assert.equal(hooks.get('directory')?.serviceDirectory, 'projects/p/locations/l/namespaces/n/services/s');
  assert.equal(hooks.get('directory')?.uri, 'https://10.0.0.2/cx');
  assert.equal(hooks.get('open')?.disabled, true);
  assert.equal(hooks.get('open')?.timeoutMs, 5000, 'CX default when the export sets no timeout');
});

test('a webhook file that is not valid JSON is reported without quoting the password next to the fault', async () => {
  const broken = `{ "displayName": "basic", "genericWebService": { "uri": "https://cx.example", "password": ${PASSWORD} } }`;
  const dir = writeExport({ ...minimalExport(), 'webhooks/basic.json': broken });
  await assert.rejects(loadAgent(dir), (error: unknown) => {
    assert.ok(error instanceof Error && 'code' in error && error.code === 'CXH_ERR_AGENT_FILE');
    assert.match(error.message, /webhooks\/basic\.json, at \$: not valid JSON/);
    assert.equal(`${error.message} ${JSON.stringify(error)} ${String(error.stack)}`.includes(PASSWORD), false, error.message);
    return true;
  });
});

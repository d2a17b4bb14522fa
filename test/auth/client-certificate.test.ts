// clientCertificate(): which TLS client certificates an app accepts, on top of the CA check the TLS
// layer already made. No sockets here: the transport's part is in test/transport/tls.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clientCertificate } from '../../src/auth/client-certificate.ts';
import type { PeerCertificate } from '../../src/auth/authenticator.ts';
import { makeApp, makeRequest } from '../app/helpers.ts';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(':');
const GOOD: PeerCertificate = { authorized: true, subject: 'O=Example,CN=cx-client', commonName: 'cx-client', fingerprint256: FINGERPRINT };

const check = (auth: ReturnType<typeof clientCertificate>, peerCertificate?: PeerCertificate) =>
  auth.authenticate({ headers: {}, peerCertificate });

describe('clientCertificate', () => {
  test('a verified certificate is accepted and named by its subject', async () => {
    assert.deepEqual(await check(clientCertificate(), GOOD), { ok: true, principal: { scheme: 'mtls', subject: 'O=Example,CN=cx-client' } });
  });

  test('no certificate is missing credentials (401), an unverified one is refused (403)', async () => {
    assert.equal(((await check(clientCertificate())) as any).kind, 'missing');
    assert.equal(((await check(clientCertificate(), { ...GOOD, authorized: false })) as any).kind, 'refused');
  });

  test('subjects match the common name alone or the whole subject; others are refused', async () => {
    assert.equal((await check(clientCertificate({ subjects: ['cx-client'] }), GOOD)).ok, true);
    assert.equal((await check(clientCertificate({ subjects: ['O=Example,CN=cx-client'] }), GOOD)).ok, true);
    // An organisation named ",CN=cx-client" is escaped in the subject and is not the common name.
    const posing = { ...GOOD, subject: 'O=Evil\\,CN=cx-client,CN=attacker', commonName: 'attacker' };
    assert.equal((await check(clientCertificate({ subjects: ['cx-client'] }), posing)).ok, false);
    const other = await check(clientCertificate({ subjects: ['someone-else', 'O=Other,CN=cx-client'] }), GOOD);
    assert.equal(other.ok, false);
    assert.equal((other as any).kind, 'refused');
  });

  test('fingerprints match in any case, with or without colons; others are refused', async () => {
    assert.equal((await check(clientCertificate({ fingerprints: [FINGERPRINT.replaceAll(':', '').toLowerCase()] }), GOOD)).ok, true);
    const other = await check(clientCertificate({ fingerprints: ['AA'.repeat(32)] }), GOOD);
    assert.equal((other as any).kind, 'refused');
  });

  test('through the core: no certificate gets 401, a refused one 403, a listed one reaches ctx.auth', async () => {
    const app = makeApp({ auth: clientCertificate({ subjects: ['cx-client'] }) });
    app.fallback((ctx) => ctx.reply.text(ctx.auth?.scheme ?? 'none'));
    const body = JSON.stringify(makeRequest());
    const headers = { 'content-type': 'application/json' };
    assert.equal((await app.handle({ body, headers })).status, 401);
    assert.equal((await app.handle({ body, headers, peerCertificate: { ...GOOD, subject: 'CN=intruder', commonName: 'intruder' } })).status, 403);
    const ok = await app.handle({ body, headers, peerCertificate: GOOD });
    assert.equal(ok.status, 200);
    assert.equal(JSON.parse(ok.body).fulfillmentResponse.messages[0].text.text[0], 'mtls');
  });
});

// Forged and broken ID tokens: every one gets 403 CXH_ERR_FORBIDDEN, never reaches the handler,
// and the log names the failed check but never the token.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { exportSPKI, SignJWT } from 'jose';
import { createPublicKey } from 'node:crypto';
import { googleIdToken, type Authenticator } from '../../src/auth/index.ts';
import {
  AUDIENCE,
  b64url,
  call,
  dialogflowClaims,
  PROJECT_NUMBER,
  sign,
  signingKey,
  startJwksServer,
  type JwksServer,
  type SigningKey,
} from './helpers.ts';

const now = () => Math.floor(Date.now() / 1000);

describe('googleIdToken refuses forged tokens', () => {
  let jwks: JwksServer;
  let key: SigningKey;
  let auth: Authenticator;
  let valid: string;

  before(async () => {
    key = await signingKey('google-key-1');
    jwks = await startJwksServer([key.publicJwk]);
    auth = googleIdToken({ audience: AUDIENCE, projectNumber: PROJECT_NUMBER, jwksUrl: jwks.url, jwksCooldownMs: 0 });
    valid = await sign(key);
  });
  after(() => jwks.close());

  async function assertRefused(token: string, reason: RegExp): Promise<void> {
    const answer = await call(auth, { authorization: `Bearer ${token}` });
    assert.equal(answer.status, 403);
    assert.equal(answer.json.error.code, 'CXH_ERR_FORBIDDEN');
    assert.equal(answer.reachedHandler, false);
    const logged = answer.lines.find((line) => line.code === 'CXH_ERR_FORBIDDEN')?.reason;
    assert.match(logged, reason);
    const everything = JSON.stringify(answer.lines) + answer.body;
    // Neither the token nor its signature part shows up anywhere.
    for (const part of [token, token.split('.')[2]].filter((part) => part && part.length > 8)) assert.ok(!everything.includes(part!));
  }

  test('the control: the genuine token is accepted', async () => {
    assert.equal((await call(auth, { authorization: `Bearer ${valid}` })).status, 200);
  });

  test('wrong issuer', async () => {
    await assertRefused(await sign(key, dialogflowClaims({ iss: 'https://accounts.evil.example' })), /"iss"/);
  });

  test('wrong audience (another webhook URL)', async () => {
    await assertRefused(await sign(key, dialogflowClaims({ aud: 'https://other.example.com/webhook' })), /"aud"/);
  });

  test('email not in the allow-list (another project\'s service agent)', async () => {
    const email = 'service-999@gcp-sa-dialogflow.iam.gserviceaccount.com';
    await assertRefused(await sign(key, dialogflowClaims({ email })), /not allowed/);
  });

  test('no email claim', async () => {
    await assertRefused(await sign(key, dialogflowClaims({ email: undefined })), /no "email" claim/);
  });

  test('email_verified false', async () => {
    await assertRefused(await sign(key, dialogflowClaims({ email_verified: false })), /not verified/);
  });

  test('expired beyond the clock tolerance', async () => {
    await assertRefused(await sign(key, dialogflowClaims({ iat: now() - 7200, exp: now() - 3600 })), /ERR_JWT_EXPIRED.*"exp"/);
  });

  test('not yet valid beyond the clock tolerance', async () => {
    await assertRefused(await sign(key, dialogflowClaims({ nbf: now() + 600 })), /"nbf"/);
  });

  test('no expiry at all', async () => {
    await assertRefused(await sign(key, dialogflowClaims({ exp: undefined })), /"exp"/);
  });

  test('alg: none, with and without a kid', async () => {
    const payload = b64url(JSON.stringify(dialogflowClaims()));
    for (const header of [{ alg: 'none', typ: 'JWT' }, { alg: 'none', kid: key.kid }]) {
      await assertRefused(`${b64url(JSON.stringify(header))}.${payload}.`, /ALG_NOT_ALLOWED|JWS_INVALID/);
    }
  });

  test('HS256 signed with the RSA public key as the HMAC secret (PEM and raw JWK n)', async () => {
    const pem = await exportSPKI(createPublicKey({ key: key.publicJwk as never, format: 'jwk' }));
    for (const secret of [pem, Buffer.from(key.publicJwk.n!, 'base64url')]) {
      const token = await new SignJWT(dialogflowClaims())
        .setProtectedHeader({ alg: 'HS256', kid: key.kid })
        .sign(typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);
      await assertRefused(token, /ALG_NOT_ALLOWED/);
    }
  });

  test('unknown kid: the JWKS is fetched again, and the key is still unknown', async () => {
    const stranger = await signingKey('not-published');
    const before = jwks.fetches;
    await assertRefused(await sign(stranger), /ERR_JWKS_NO_MATCHING_KEY/);
    assert.ok(jwks.fetches > before, 'the key set was refreshed before refusing');
  });

  test("another key presented under the genuine key's kid", async () => {
    const impostor = await signingKey(key.kid);
    await assertRefused(await sign(impostor), /SIGNATURE_VERIFICATION_FAILED/);
  });

  test('tampered payload (email, audience and expiry swapped in) under the genuine signature', async () => {
    const [header, , signature] = valid.split('.');
    const forged = [
      dialogflowClaims({ email: 'attacker@example.com' }),
      dialogflowClaims({ aud: 'https://other.example.com/webhook' }),
      dialogflowClaims({ exp: now() + 10 * 365 * 86400 }),
    ];
    for (const claims of forged) {
      await assertRefused(`${header}.${b64url(JSON.stringify(claims))}.${signature}`, /SIGNATURE_VERIFICATION_FAILED/);
    }
  });

  test('tampered header (kid swapped) under the genuine signature', async () => {
    const [, payload, signature] = valid.split('.');
    const header = b64url(JSON.stringify({ alg: 'RS256', kid: key.kid, typ: 'JWT', x: 1 }));
    await assertRefused(`${header}.${payload}.${signature}`, /SIGNATURE_VERIFICATION_FAILED/);
  });

  test('truncated tokens: signature cut short, signature dropped, last part dropped', async () => {
    const [header, payload, signature] = valid.split('.');
    await assertRefused(valid.slice(0, -10), /SIGNATURE_VERIFICATION_FAILED|JWS_INVALID/);
    await assertRefused(`${header}.${payload}.`, /SIGNATURE_VERIFICATION_FAILED|JWS_INVALID/);
    await assertRefused(`${header}.${payload}`, /not a JWT/);
    await assertRefused(`${header}.${payload!.slice(0, 20)}.${signature}`, /SIGNATURE_VERIFICATION_FAILED|JWS_INVALID|JWT_INVALID/);
  });

  test('garbage: opaque strings, bad base64, a header that is not JSON or not an object', async () => {
    const garbage = [
      'not-a-jwt',
      'a.b.c',
      '....',
      `${b64url('not json')}.${b64url('{}')}.sig`,
      `${b64url('[1,2]')}.${b64url('{}')}.sig`,
      `${b64url('{"alg":"RS256","kid":"google-key-1"}')}.${b64url('not json')}.${valid.split('.')[2]}`,
      'ey!.ey$.zz',
      'x'.repeat(5000),
    ];
    for (const token of garbage) await assertRefused(token, /google-id-token: /);
  });
});

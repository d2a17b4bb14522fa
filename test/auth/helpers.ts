// Helpers for the scheme tests: run a request through a real app (in-process) with an
// authenticator, and a JWKS endpoint on 127.0.0.1 with keys generated in the test.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { Authenticator } from '../../src/auth/index.ts';
import { createWebhook } from '../../src/index.ts';
import { makeRequest, memoryLogger, type LogLine } from '../app/helpers.ts';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The parsed JSON body. */
  json: any;
  /** The principal the handler saw, when it ran. */
  principal: Record<string, unknown> | undefined;
  reachedHandler: boolean;
  lines: LogLine[];
}

/** Sends a valid WebhookRequest with `headers` to an app guarded by `auth`, logging at debug. */
export async function call(auth: Authenticator, headers: Record<string, string | string[] | undefined>): Promise<Answer> {
  const { logger, lines } = memoryLogger('debug');
  const app = createWebhook({ auth, logger });
  let reachedHandler = false;
  let principal: Record<string, unknown> | undefined;
  app.fallback((ctx) => {
    reachedHandler = true;
    principal = ctx.auth ? { ...ctx.auth } : undefined;
    ctx.reply.text('hi');
  });
  const answer = await app.handle({ body: JSON.stringify(makeRequest()), headers: { 'content-type': 'application/json', ...headers } });
  return { ...answer, json: JSON.parse(answer.body), principal, reachedHandler, lines };
}

export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}

export interface JwksServer {
  url: string;
  /** How many times the key set was fetched. */
  fetches: number;
  /** The keys served; replace to rotate. */
  keys: JWK[];
  /** Answer fetches with this status instead of the keys (e.g. 500), or 'hang' to never answer. */
  failure: number | 'hang' | undefined;
  close(): Promise<void>;
}

/** A JWKS endpoint on 127.0.0.1 (free port) that counts its fetches. */
export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  const state: JwksServer = { url: '', fetches: 0, keys, failure: undefined, close: async () => {} };
  const server: Server = createServer((req, res) => {
    state.fetches++;
    if (state.failure === 'hang') return;
    if (state.failure !== undefined) {
      res.writeHead(state.failure).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/v3/certs`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

export const AUDIENCE = 'https://bot.example.com/webhook';
export const PROJECT_NUMBER = '123456789012';
export const SERVICE_AGENT = `service-${PROJECT_NUMBER}@gcp-sa-dialogflow.iam.gserviceaccount.com`;

/** The claims the Dialogflow service agent's ID token carries, with `patch` applied. */
export function dialogflowClaims(patch: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: 'https://accounts.google.com',
    aud: AUDIENCE,
    azp: '100000000000000000000',
    sub: '100000000000000000000',
    email: SERVICE_AGENT,
    email_verified: true,
    iat: now,
    exp: now + 3600,
    ...patch,
  };
}

/** An RS256 token signed with `key`, its header naming the key's kid (unless `header` says otherwise). */
export function sign(key: SigningKey, claims: JWTPayload = dialogflowClaims(), header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT', ...header }).sign(key.privateKey);
}

export const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

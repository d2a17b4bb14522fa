// HTTP Basic (RFC 7617): CX's "username and password" webhook option. User and password are both
// compared in constant time, against every configured user, so timing tells neither which users
// exist nor how close a guess came.
import { CxhookError } from '../errors/index.ts';
import type { AuthOutcome, Authenticator } from './authenticator.ts';
import { authorizationCredentials } from './authorization-header.ts';
import { sameSecret } from './constant-time.ts';

export interface BasicAuthOptions {
  /** user → password. User names must not contain `:` (RFC 7617). */
  users: Readonly<Record<string, string>>;
  /** The realm named in the challenge (default `cxhook`). */
  realm?: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `user:password` from Basic credentials, or why they are unreadable. */
function decode(value: string): { user: string; password: string } | string {
  if (!BASE64.test(value) || value.length % 4 !== 0) return 'credentials are not base64';
  let text: string;
  try {
    text = utf8.decode(Buffer.from(value, 'base64'));
  } catch {
    return 'credentials are not UTF-8';
  }
  const colon = text.indexOf(':');
  if (colon === -1) return 'credentials have no ":" between user and password';
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * Accepts `Authorization: Basic base64(user:password)` for a configured user and password.
 * No Basic credentials (no header, or another scheme) → 401 with
 * `WWW-Authenticate: Basic realm="<realm>", charset="UTF-8"`. Wrong user or password, and
 * credentials that cannot be decoded (not base64, not UTF-8, no colon) → 403: the caller did
 * present credentials, they are just unusable. Principal: `{ scheme: 'basic', subject: <user> }`.
 * @example
 * createWebhook({ auth: basicAuth({ users: { dialogflow: readSecret(process.env, 'CX_WEBHOOK_PASSWORD')! } }) })
 */
export function basicAuth(options: BasicAuthOptions): Authenticator {
  const users = options?.users;
  if (users === null || typeof users !== 'object' || Array.isArray(users) || Object.keys(users).length === 0) {
    throw new CxhookError('CXH_ERR_INVALID_OPTION', ['basicAuth.users', 'must be a record user → password with at least one user']);
  }
  const entries = Object.entries(users);
  for (const [user, password] of entries) {
    if (user === '' || user.includes(':')) throw new CxhookError('CXH_ERR_INVALID_OPTION', ['basicAuth.users', `user "${user}" is empty or contains ":"`]);
    if (typeof password !== 'string' || password === '') {
      throw new CxhookError('CXH_ERR_INVALID_OPTION', ['basicAuth.users', `the password of "${user}" is empty or not a string`]);
    }
  }
  const realm = options.realm ?? 'cxhook';
  if (realm === '' || /["\\\r\n]/.test(realm)) throw new CxhookError('CXH_ERR_INVALID_OPTION', ['basicAuth.realm', 'must be non-empty, without quotes, backslashes or line breaks']);

  return {
    scheme: 'basic',
    challenge: `Basic realm="${realm}", charset="UTF-8"`,
    secretHeaders: ['authorization'],
    authenticate({ headers }): AuthOutcome {
      const credentials = authorizationCredentials(headers);
      if (!credentials || credentials.scheme !== 'basic') return { ok: false, kind: 'missing', reason: 'no basic credentials' };
      const decoded = decode(credentials.value);
      if (typeof decoded === 'string') return { ok: false, kind: 'refused', reason: `basic: ${decoded}` };
      let found: string | undefined;
      for (const [user, password] of entries) {
        // `&`, not `&&`: both comparisons always run.
        const match = Number(sameSecret(decoded.user, user)) & Number(sameSecret(decoded.password, password));
        if (match === 1 && found === undefined) found = user;
      }
      if (found === undefined) return { ok: false, kind: 'refused', reason: 'basic: unknown user or wrong password' };
      return { ok: true, principal: { scheme: 'basic', subject: found } };
    },
  };
}

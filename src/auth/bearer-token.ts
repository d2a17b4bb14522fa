// Static bearer tokens (`Authorization: Bearer <token>`), compared in constant time.
import type { Authenticator } from './authenticator.ts';
import { bearerCredentials } from './authorization-header.ts';
import { secretMatcher, type NamedSecrets } from './constant-time.ts';

export interface BearerTokenOptions {
  /** The accepted tokens: a list (subjects `token-0`…) or a record name → token (subject = name). */
  tokens: NamedSecrets;
}

/**
 * Accepts `Authorization: Bearer <t>` when `t` is one of `tokens`. No bearer token → 401 with
 * `WWW-Authenticate: Bearer realm="cxhook"`; a wrong one → 403. Principal: `{ scheme: 'bearer', subject: <name> }`.
 * @example
 * createWebhook({ auth: bearerToken({ tokens: { cx: readSecret(process.env, 'CX_TOKEN')! } }) })
 */
export function bearerToken(options: BearerTokenOptions): Authenticator {
  const tokens = secretMatcher('bearerToken.tokens', options?.tokens, 'token');
  return {
    scheme: 'bearer',
    challenge: 'Bearer realm="cxhook"',
    secretHeaders: ['authorization'],
    authenticate({ headers }) {
      const credentials = bearerCredentials(headers);
      if (credentials === 'missing') return { ok: false, kind: 'missing', reason: 'no bearer token' };
      if (credentials === 'empty') return { ok: false, kind: 'refused', reason: 'empty bearer token' };
      const name = tokens.match(credentials.token);
      if (name === undefined) return { ok: false, kind: 'refused', reason: 'bearer token matches no configured token' };
      return { ok: true, principal: { scheme: 'bearer', subject: name } };
    },
  };
}

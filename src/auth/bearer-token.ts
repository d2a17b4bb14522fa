// Static bearer tokens (`Authorization: Bearer <token>`), compared in constant time.
import type { Authenticator } from './authenticator.ts';
import { bearerScheme } from './authorization-header.ts';
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
  return bearerScheme('bearer', (token) => {
    const name = tokens.match(token);
    if (name === undefined) return { ok: false, kind: 'refused', reason: 'bearer token matches no configured token' };
    return { ok: true, principal: { scheme: 'bearer', subject: name } };
  });
}

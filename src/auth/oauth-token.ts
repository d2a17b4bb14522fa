// OAuth access tokens (CX: "OAuth" client credentials, or service agent auth with an access token):
// CX sends `Authorization: Bearer <access token>`; what makes a token valid is the user's call
// (introspection, Google's tokeninfo, a local JWT check), so it is a hook.
import { CxhookError } from '../errors/index.ts';
import type { AuthOutcome, AuthRequest, Authenticator, Principal } from './authenticator.ts';
import { bearerScheme } from './authorization-header.ts';

/** A verifier's answer: who called (`scheme` defaults to `oauth`), or undefined/false to refuse. */
export type OAuthVerdict = Principal | Omit<Principal, 'scheme'> | undefined | false;

export interface OAuthTokenOptions {
  /**
   * Decides whether `token` is valid. Return the principal to accept, undefined or false to refuse
   * (403); throw when the token cannot be checked right now (503).
   */
  verify: (token: string, request: AuthRequest) => OAuthVerdict | Promise<OAuthVerdict>;
}

/**
 * Accepts `Authorization: Bearer <access token>` when `verify` returns a principal. No bearer
 * token → 401 with `WWW-Authenticate: Bearer realm="cxhook"`.
 * @example
 * oauthToken({
 *   async verify(token) {
 *     const info = await introspect(token); // your authorization server
 *     return info.active && info.client_id === 'dialogflow' ? { subject: info.client_id } : false;
 *   },
 * })
 */
export function oauthToken(options: OAuthTokenOptions): Authenticator {
  if (typeof options?.verify !== 'function') throw new CxhookError('CXH_ERR_INVALID_OPTION', ['oauthToken.verify', 'must be a function']);
  const { verify } = options;
  return bearerScheme('oauth', async (token, request): Promise<AuthOutcome> => {
    const verdict = await verify(token, request);
    if (!verdict) return { ok: false, kind: 'refused', reason: 'oauth: the verifier refused the token' };
    if (typeof verdict !== 'object' || typeof verdict.subject !== 'string') {
      throw new Error('oauth: the verifier must return a principal with a string subject, or undefined/false');
    }
    return { ok: true, principal: { scheme: 'oauth', ...verdict } };
  });
}

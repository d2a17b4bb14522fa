// "Any of these schemes": CX agents are configured one way, but a webhook may serve several agents
// or migrate between schemes, and tests or health probes may use another.
import { CxhookError } from '../errors/index.ts';
import type { AuthOutcome, Authenticator } from './authenticator.ts';

/**
 * Tries the authenticators in order; the first that accepts wins (later ones are not asked, so a
 * matching static token costs no JWKS fetch). Otherwise: if one threw (credentials could not be
 * checked) → 503, since the caller may well be legitimate; else if any refused the credentials → 403
 * with every reason in the log; else → 401 with all challenges in one `WWW-Authenticate`.
 * Several schemes may share `Authorization: Bearer` (bearerToken, googleIdToken, oauthToken): each
 * refuses what is not its own, and the first that recognises the token wins.
 * @example
 * anyOf(googleIdToken({ audience: URL, projectNumber: '123' }), apiKey({ keys: { probe: key } }))
 */
export function anyOf(...authenticators: Authenticator[]): Authenticator {
  if (authenticators.length === 0 || authenticators.some((auth) => typeof auth?.authenticate !== 'function')) {
    throw new CxhookError('CXH_ERR_INVALID_OPTION', ['anyOf', 'needs at least one authenticator, and only authenticators']);
  }
  const challenges = [...new Set(authenticators.flatMap((auth) => (auth.challenge ? [auth.challenge] : [])))];
  const secretHeaders = [...new Set(authenticators.flatMap((auth) => auth.secretHeaders ?? []))];
  return {
    scheme: authenticators.map((auth) => auth.scheme).join(' or '),
    ...(challenges.length > 0 ? { challenge: challenges.join(', ') } : {}),
    secretHeaders,
    async authenticate(request): Promise<AuthOutcome> {
      const refused: string[] = [];
      const missing: string[] = [];
      let failure: unknown;
      for (const auth of authenticators) {
        let outcome: AuthOutcome;
        try {
          outcome = await auth.authenticate(request);
        } catch (error) {
          failure ??= error;
          continue;
        }
        if (outcome.ok) return outcome;
        // Named once: some schemes already start their reasons with their name.
        const reason = outcome.reason.startsWith(`${auth.scheme}:`) ? outcome.reason : `${auth.scheme}: ${outcome.reason}`;
        (outcome.kind === 'refused' ? refused : missing).push(reason);
      }
      if (failure !== undefined) throw failure;
      // The log gets every scheme's say, refusals first.
      if (refused.length > 0) return { ok: false, kind: 'refused', reason: [...refused, ...missing].join('; ') };
      return { ok: false, kind: 'missing', reason: missing.join('; ') };
    },
  };
}

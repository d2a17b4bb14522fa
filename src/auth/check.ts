// Runs the app's authenticator for one request and turns its verdict into the coded error the
// caller gets: 401 with a challenge, 403, or 503 when credentials cannot be checked at all.
import { CxhookError } from '../errors/index.ts';
import type { AuthRequest, Authenticator, Principal } from './authenticator.ts';

export type AuthVerdict =
  | { ok: true; principal: Principal }
  | { ok: false; error: CxhookError; headers: Record<string, string>; reason: string };

export async function checkAuth(auth: Authenticator, request: AuthRequest): Promise<AuthVerdict> {
  let outcome;
  try {
    outcome = await auth.authenticate(request);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: new CxhookError('CXH_ERR_AUTH_UNAVAILABLE', [], { cause: error }), headers: { 'retry-after': '1' }, reason };
  }
  if (outcome.ok) return outcome;
  if (outcome.kind === 'refused') return { ok: false, error: new CxhookError('CXH_ERR_FORBIDDEN'), headers: {}, reason: outcome.reason };
  const headers: Record<string, string> = auth.challenge ? { 'www-authenticate': auth.challenge } : {};
  return { ok: false, error: new CxhookError('CXH_ERR_UNAUTHENTICATED', [`no ${auth.scheme} credentials`]), headers, reason: outcome.reason };
}

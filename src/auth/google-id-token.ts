// Google-signed ID tokens, as the Dialogflow service agent sends them (CX: "Service agent auth" →
// "ID token"). jose checks the signature against Google's published keys and the standard claims;
// this module adds the email allow-list and decides which failures are the caller's (403) and which
// are ours (JWKS unreachable → thrown → 503).
import type { JWTPayload } from 'jose';
import { CxhookError } from '../errors/index.ts';
import type { AuthOutcome, Authenticator } from './authenticator.ts';
import { bearerScheme } from './authorization-header.ts';

export interface GoogleIdTokenOptions {
  /** The webhook URL exactly as configured in CX (the token's `aud`); several for several URLs. */
  audience: string | readonly string[];
  /** Where Google publishes its signing keys (default `https://www.googleapis.com/oauth2/v3/certs`). */
  jwksUrl?: string;
  /** Accepted `iss` values (default `https://accounts.google.com` and `accounts.google.com`). */
  issuers?: readonly string[];
  /** Accepted `email` claims (service accounts). */
  allowedEmails?: readonly string[];
  /** Allows the project's Dialogflow service agent, `service-<projectNumber>@gcp-sa-dialogflow.iam.gserviceaccount.com`. */
  projectNumber?: string;
  /** Clock skew accepted on `exp`, `nbf` and `iat`, in seconds (default 30). */
  clockToleranceS?: number;
  /** How long a JWKS fetch may take before the request gets 503 (default 2000 ms). */
  fetchTimeoutMs?: number;
  /**
   * After a fetch, a token with an unknown `kid` triggers no new fetch for this long (default
   * 30 000 ms): forged `kid`s cannot make cxhook hammer the JWKS endpoint.
   */
  jwksCooldownMs?: number;
}

export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';
export const GOOGLE_ISSUERS: readonly string[] = ['https://accounts.google.com', 'accounts.google.com'];
/** How long fetched keys are used before they are fetched again (Google rotates them over days). */
const JWKS_MAX_AGE_MS = 10 * 60 * 1000;

/** jose errors that mean "this token is bad": everything else (network, a broken JWKS) is ours. */
const TOKEN_ERRORS = new Set([
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWT_EXPIRED',
  'ERR_JWT_INVALID',
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
]);
const COMPACT_JWT = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** The Dialogflow service agent of a project, the default caller a CX webhook allows. */
export function dialogflowServiceAgent(projectNumber: string): string {
  return `service-${projectNumber}@gcp-sa-dialogflow.iam.gserviceaccount.com`;
}

function invalid(option: string, why: string): CxhookError {
  return new CxhookError('CXH_ERR_INVALID_OPTION', [`googleIdToken.${option}`, why]);
}

function nonEmptyList(option: string, value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((item) => typeof item !== 'string' || item === '')) {
    throw invalid(option, 'must be a non-empty string or list of non-empty strings');
  }
  return [...list];
}

function nonNegative(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw invalid(option, `must be a number ≥ 0, got ${value}`);
  return value;
}

/**
 * Accepts `Authorization: Bearer <Google ID token>` when the token is signed by a key in the JWKS
 * (RS256 only), issued by Google, meant for `audience`, within its validity (± clock tolerance),
 * and its `email` is allowed and not unverified. No bearer token → 401; any failed check → 403
 * (the log names the check, never the token); JWKS unreachable → 503. Principal:
 * `{ scheme: 'google-id-token', subject: <email>, claims: <verified payload> }`.
 * @example
 * createWebhook({
 *   auth: googleIdToken({ audience: 'https://bot.example.com/webhook', projectNumber: '123456789012' }),
 * })
 */
export function googleIdToken(options: GoogleIdTokenOptions): Authenticator {
  const audience = nonEmptyList('audience', options?.audience);
  if (!audience) throw invalid('audience', 'is required: the webhook URL configured in CX');
  const issuers = nonEmptyList('issuers', options.issuers) ?? [...GOOGLE_ISSUERS];
  const emails = nonEmptyList('allowedEmails', options.allowedEmails) ?? [];
  if (options.projectNumber !== undefined) {
    if (!/^\d+$/.test(options.projectNumber)) throw invalid('projectNumber', `must be the project number (digits), got "${options.projectNumber}"`);
    emails.push(dialogflowServiceAgent(options.projectNumber));
  }
  if (emails.length === 0) throw invalid('allowedEmails', 'give allowedEmails or projectNumber: some caller must be allowed');
  const allowed = new Set(emails.map((email) => email.toLowerCase()));
  const clockTolerance = nonNegative('clockToleranceS', options.clockToleranceS, 30);
  let jwksUrl: URL;
  try {
    jwksUrl = new URL(options.jwksUrl ?? GOOGLE_JWKS_URL);
  } catch {
    throw invalid('jwksUrl', `"${options.jwksUrl}" is not a URL`);
  }
  const remoteKeys = {
    timeoutDuration: Math.round(nonNegative('fetchTimeoutMs', options.fetchTimeoutMs, 2000)),
    cooldownDuration: nonNegative('jwksCooldownMs', options.jwksCooldownMs, 30_000),
    cacheMaxAge: JWKS_MAX_AGE_MS,
  };
  // Loaded when an app asks for ID tokens, not at import: loading jose from node_modules costs
  // ~38 ms (measured), which every app importing cxhook would otherwise pay at start-up.
  const jose = import('jose').then((library) => ({ ...library, jwks: library.createRemoteJWKSet(jwksUrl, remoteKeys) }));
  // A failed load surfaces on the first call (as 503), not as an unhandled rejection.
  jose.catch(() => {});

  async function verify(token: string): Promise<AuthOutcome> {
    // Shape first: an opaque token (a static bearer or OAuth access token) is refused without a fetch.
    if (!COMPACT_JWT.test(token)) return { ok: false, kind: 'refused', reason: 'google-id-token: bearer token is not a JWT' };
    const { decodeProtectedHeader, jwtVerify, jwks } = await jose;
    try {
      decodeProtectedHeader(token);
    } catch {
      return { ok: false, kind: 'refused', reason: 'google-id-token: unreadable JWT header' };
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: issuers,
        audience,
        algorithms: ['RS256'],
        clockTolerance,
        requiredClaims: ['exp', 'iat'],
      }));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && TOKEN_ERRORS.has(code)) {
        // jose's messages name the check ('unexpected "aud" claim value'), never the token.
        return { ok: false, kind: 'refused', reason: `google-id-token: ${code}: ${(error as Error).message}` };
      }
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`google-id-token: the keys at ${jwksUrl.href} cannot be fetched: ${why}`, { cause: error });
    }
    const email = payload.email;
    if (typeof email !== 'string') return { ok: false, kind: 'refused', reason: 'google-id-token: no "email" claim' };
    if (!allowed.has(email.toLowerCase())) return { ok: false, kind: 'refused', reason: `google-id-token: email ${email} is not allowed` };
    if (payload.email_verified === false || payload.email_verified === 'false') {
      return { ok: false, kind: 'refused', reason: `google-id-token: email ${email} is not verified` };
    }
    return { ok: true, principal: { scheme: 'google-id-token', subject: email, claims: payload } };
  }

  return bearerScheme('google-id-token', verify);
}

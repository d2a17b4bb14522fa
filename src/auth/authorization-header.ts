// Reads the `Authorization` header as `<scheme> <credentials>` (RFC 9110 §11.6.2), which Basic,
// static bearer tokens, Google ID tokens and OAuth access tokens all share.
import type { Headers } from '../app/handle.ts';
import type { AuthOutcome, AuthRequest, Authenticator } from './authenticator.ts';

export interface Credentials {
  /** Lower case: `basic`, `bearer`… */
  scheme: string;
  /** What follows the scheme, trimmed; may be empty. */
  value: string;
}

/** The first value of a header (names are lower case in an AuthRequest). */
export function headerValue(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The `Authorization` header split into scheme and credentials; undefined when absent or blank. */
export function authorizationCredentials(headers: Headers): Credentials | undefined {
  const header = headerValue(headers, 'authorization')?.trim();
  if (!header) return undefined;
  const space = header.search(/\s/);
  if (space === -1) return { scheme: header.toLowerCase(), value: '' };
  return { scheme: header.slice(0, space).toLowerCase(), value: header.slice(space + 1).trim() };
}

/**
 * The bearer token of a request: `missing` without `Authorization: Bearer …` (another scheme, such
 * as Basic, belongs to another authenticator), `empty` for a bare `Bearer`.
 */
export function bearerCredentials(headers: Headers): { token: string } | 'missing' | 'empty' {
  const credentials = authorizationCredentials(headers);
  if (!credentials || credentials.scheme !== 'bearer') return 'missing';
  return credentials.value === '' ? 'empty' : { token: credentials.value };
}

/**
 * An authenticator for `Authorization: Bearer <token>`: no bearer token → missing (401 with a Bearer
 * challenge), a bare `Bearer` → refused; otherwise `check` decides on the token.
 */
export function bearerScheme(scheme: string, check: (token: string, request: AuthRequest) => AuthOutcome | Promise<AuthOutcome>): Authenticator {
  return {
    scheme,
    challenge: 'Bearer realm="cxhook"',
    secretHeaders: ['authorization'],
    authenticate(request) {
      const credentials = bearerCredentials(request.headers);
      if (credentials === 'missing') return { ok: false, kind: 'missing', reason: 'no bearer token' };
      if (credentials === 'empty') return { ok: false, kind: 'refused', reason: `${scheme}: empty bearer token` };
      return check(credentials.token, request);
    },
  };
}

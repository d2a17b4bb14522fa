// The one shape every authentication scheme has. The core asks the app's authenticator before it
// reads the body: an unauthenticated caller never costs a JSON parse.
import type { Headers } from '../app/handle.ts';

/** What a transport knows about the TLS client certificate (mTLS), when there is one. */
export interface PeerCertificate {
  /** Whether the TLS layer verified the certificate against the configured CA. */
  authorized: boolean;
  /** e.g. `CN=dialogflow-client,O=Example`; special characters in values escaped as in RFC 4514 (`\,`). */
  subject: string;
  /** The subject's CN as the certificate holds it (not parsed back out of `subject`). */
  commonName?: string;
  fingerprint256: string;
}

export interface AuthRequest {
  /** Header names in lower case. */
  headers: Headers;
  /** The caller's address as the transport saw it. */
  remoteAddress?: string;
  peerCertificate?: PeerCertificate;
}

/** Who called, as the authenticator that accepted them describes it (available as `ctx.auth`). */
export interface Principal {
  /** The scheme that accepted the call: `api-key`, `basic`, `bearer`, `google-id-token`, `oauth`, `mtls`… */
  scheme: string;
  /** The key's name, the user name, the token's email or subject. Never the secret itself. */
  subject: string;
  /** Verified token claims, when the scheme has them. */
  claims?: Readonly<Record<string, unknown>>;
}

/**
 * `missing`: the request carries no credentials for this scheme (401).
 * `refused`: it carries some, and they are wrong (403).
 * `reason` is for the log: it must never contain the secret.
 */
export type AuthOutcome =
  | { ok: true; principal: Principal }
  | { ok: false; kind: 'missing' | 'refused'; reason: string };

export interface Authenticator {
  /** Named in logs and in `WWW-Authenticate` challenges, e.g. `api-key`, `basic`, `bearer`. */
  readonly scheme: string;
  /** The `WWW-Authenticate` challenge to send with a 401, e.g. `Basic realm="cxhook"`; none for header keys. */
  readonly challenge?: string;
  /**
   * Request headers (lower case) that carry this scheme's secret. They are redacted from every log
   * line, in addition to `authorization`, `proxy-authorization`, `cookie` and `x-api-key`.
   */
  readonly secretHeaders?: readonly string[];
  /** May throw (e.g. a JWKS that cannot be fetched): the caller then gets 503 CXH_ERR_AUTH_UNAVAILABLE. */
  authenticate(request: AuthRequest): AuthOutcome | Promise<AuthOutcome>;
}

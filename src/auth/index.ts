// Who may call a webhook: one authenticator per scheme, combinable with anyOf. Subpath `cxhook/auth`.
export type { AuthOutcome, AuthRequest, Authenticator, PeerCertificate, Principal } from './authenticator.ts';
export { anyOf } from './any-of.ts';
export { apiKey, type ApiKeyOptions } from './api-key.ts';
export { basicAuth, type BasicAuthOptions } from './basic-auth.ts';
export { bearerToken, type BearerTokenOptions } from './bearer-token.ts';
export type { NamedSecrets } from './constant-time.ts';
export {
  dialogflowServiceAgent,
  GOOGLE_ISSUERS,
  GOOGLE_JWKS_URL,
  googleIdToken,
  type GoogleIdTokenOptions,
} from './google-id-token.ts';
export { oauthToken, type OAuthTokenOptions, type OAuthVerdict } from './oauth-token.ts';
export { readSecret } from './secrets.ts';
export { clientCertificate, type ClientCertificateOptions } from './client-certificate.ts';

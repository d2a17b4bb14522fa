export type { AuthOutcome, AuthRequest, Authenticator, PeerCertificate, Principal } from './authenticator.ts';
export { clientCertificate, type ClientCertificateOptions } from './client-certificate.ts';

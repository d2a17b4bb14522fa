export type { AuthOutcome, AuthRequest, Authenticator, PeerCertificate, Principal } from './authenticator.ts';

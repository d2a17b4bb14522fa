// Authentication by TLS client certificate (mTLS). The TLS layer already checked the CA signature;
// this narrows who may call to certain subjects or fingerprints and names the caller as ctx.auth.
import type { Authenticator } from './authenticator.ts';

export interface ClientCertificateOptions {
  /**
   * Allowed subjects. An entry with `=` is compared with the whole subject as node formats it
   * (`CN=client,O=Example`, in the certificate's order); without `=`, with the common name alone.
   */
  subjects?: readonly string[];
  /** Allowed SHA-256 fingerprints, in any case, with or without colons. */
  fingerprints?: readonly string[];
}

const normalize = (fingerprint: string) => fingerprint.replaceAll(':', '').toUpperCase();

/**
 * Accepts calls that presented a client certificate the TLS layer verified (`serve({ tls: {
 * clientCertificates: 'require' | 'request', ca } })`) and, when lists are given, whose subject or
 * fingerprint is listed. No certificate: 401; unverified or unlisted: 403.
 * @example createWebhook({ auth: clientCertificate({ subjects: ['dialogflow-client'] }) })
 */
export function clientCertificate(options: ClientCertificateOptions = {}): Authenticator {
  const subjects = options.subjects ? new Set(options.subjects) : undefined;
  const fingerprints = options.fingerprints ? new Set(options.fingerprints.map(normalize)) : undefined;
  return {
    scheme: 'mtls',
    authenticate({ peerCertificate: cert }) {
      if (!cert) return { ok: false, kind: 'missing', reason: 'no client certificate' };
      if (!cert.authorized) return { ok: false, kind: 'refused', reason: `certificate ${cert.subject} not signed by a trusted CA` };
      const cn = cert.commonName;
      if (subjects && !subjects.has(cert.subject) && !(cn !== undefined && subjects.has(cn))) {
        return { ok: false, kind: 'refused', reason: `certificate subject ${cert.subject} not allowed` };
      }
      if (fingerprints && !fingerprints.has(normalize(cert.fingerprint256))) {
        return { ok: false, kind: 'refused', reason: `certificate fingerprint ${cert.fingerprint256} not allowed` };
      }
      return { ok: true, principal: { scheme: 'mtls', subject: cert.subject } };
    },
  };
}

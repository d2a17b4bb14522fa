// HTTPS for serve(): certificates from memory or files (read once, at start), and mTLS, where the
// TLS layer itself refuses a client whose certificate no configured CA signed (CX's mTLS option).
// node:fs/promises and node:tls are loaded only when TLS is configured: plain HTTP (most
// deployments terminate TLS at the load balancer) should not pay them on every cold start.
import type { ServerOptions } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { PeerCertificate } from '../../auth/authenticator.ts';
import { CxhookError } from '../../errors/index.ts';

/**
 * `none`: no client certificate is asked for (default). `request`: asked for, and passed to the app
 * (with `authorized` false when no CA signed it). `require`: mTLS; the handshake fails without a
 * certificate signed by `ca`.
 */
export type ClientCertificates = 'none' | 'request' | 'require';

export type TlsOptions = (
  | { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer }
  | { certFile: string; keyFile: string; caFile?: string }
) & { clientCertificates?: ClientCertificates };

const MODES: readonly ClientCertificates[] = ['none', 'request', 'require'];

function invalid(option: string, problem: string): CxhookError {
  return new CxhookError('CXH_ERR_INVALID_OPTION', [option, problem]);
}

async function readPem(option: string, path: unknown): Promise<Buffer> {
  if (typeof path !== 'string' || path === '') throw invalid(option, 'must be a file path');
  try {
    const { readFile } = await import('node:fs/promises');
    return await readFile(path);
  } catch (error) {
    // The path and the reason only: never anything read from the file.
    throw invalid(option, `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
}

function pem(option: string, value: unknown): string | Buffer {
  if ((typeof value === 'string' && value !== '') || Buffer.isBuffer(value)) return value;
  throw invalid(option, 'must be PEM text or a Buffer');
}

/** The https.createServer options for `tls`; reads the files; throws CXH_ERR_INVALID_OPTION. */
export async function resolveTls(tls: TlsOptions): Promise<ServerOptions> {
  const given = tls as Record<string, unknown>;
  const mode = tls.clientCertificates ?? 'none';
  if (!MODES.includes(mode)) throw invalid('tls.clientCertificates', `must be "none", "request" or "require", got ${String(mode)}`);
  const fromFiles = 'certFile' in given || 'keyFile' in given || 'caFile' in given;
  const inMemory = 'cert' in given || 'key' in given || 'ca' in given;
  if (fromFiles && inMemory) throw invalid('tls', 'give cert/key/ca or certFile/keyFile/caFile, not both');

  let cert: string | Buffer;
  let key: string | Buffer;
  let ca: string | Buffer | undefined;
  if (fromFiles) {
    cert = await readPem('tls.certFile', given.certFile);
    key = await readPem('tls.keyFile', given.keyFile);
    ca = given.caFile === undefined ? undefined : await readPem('tls.caFile', given.caFile);
  } else {
    cert = pem('tls.cert', given.cert);
    key = pem('tls.key', given.key);
    ca = given.ca === undefined ? undefined : pem('tls.ca', given.ca);
  }
  // Without a CA, node would trust every public CA: any certificate bought anywhere would pass.
  if (mode === 'require' && ca === undefined) throw invalid('tls.clientCertificates', '"require" needs tls.ca or tls.caFile');
  return { cert, key, ca, requestCert: mode !== 'none', rejectUnauthorized: mode === 'require' };
}

const seen = new WeakMap<TLSSocket, PeerCertificate | undefined>();

/** The client certificate of a TLS connection as the core sees it; undefined on plain HTTP or when none was sent. */
export function peerCertificateOf(socket: unknown): PeerCertificate | undefined {
  if (!isTlsSocket(socket)) return undefined;
  // One lookup per connection: keep-alive requests on it share the certificate.
  if (seen.has(socket)) return seen.get(socket);
  const cert = socket.getPeerCertificate();
  const peer =
    cert && cert.fingerprint256
      ? { authorized: socket.authorized, subject: formatSubject(cert.subject), commonName: firstValue(cert.subject?.CN), fingerprint256: cert.fingerprint256 }
      : undefined;
  seen.set(socket, peer);
  return peer;
}

/** A duck check rather than `instanceof TLSSocket`, which would load node:tls for every server. */
function isTlsSocket(socket: unknown): socket is TLSSocket {
  return typeof socket === 'object' && socket !== null && (socket as { encrypted?: unknown }).encrypted === true && typeof (socket as TLSSocket).getPeerCertificate === 'function';
}

const firstValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** RFC 4514 escaping of an attribute value, so a `,` inside a value cannot pose as a separator. */
const escapeValue = (value: string) => value.replace(/[\\,+"<>;=]/g, (char) => `\\${char}`).replace(/^[ #]| $/g, (char) => `\\${char}`);

/** `{ CN: 'a', O: 'b, c' }` → `CN=a,O=b\, c`, in the certificate's order. */
function formatSubject(subject: Record<string, string | string[] | undefined> | undefined): string {
  if (!subject) return '';
  return Object.entries(subject)
    .flatMap(([name, value]) => (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((part) => `${name}=${escapeValue(part)}`))
    .join(',');
}

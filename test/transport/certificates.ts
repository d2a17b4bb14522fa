// Test certificates made with the openssl CLI in a temporary directory: a CA, a server certificate
// for 127.0.0.1, a client certificate the CA signed, and one signed by an unrelated CA.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificates {
  dir: string;
  /** File paths, for the certFile/keyFile/caFile options. */
  files: { ca: string; serverCert: string; serverKey: string };
  ca: Buffer;
  server: { cert: Buffer; key: Buffer };
  client: { cert: Buffer; key: Buffer };
  foreignClient: { cert: Buffer; key: Buffer };
  remove(): void;
}

// Our own config keeps the result independent of the distribution's openssl.cnf.
const CONFIG = `
[req]
distinguished_name = dn
prompt = no
[dn]
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = CA:FALSE
subjectAltName = IP:127.0.0.1
extendedKeyUsage = serverAuth
[client]
basicConstraints = CA:FALSE
extendedKeyUsage = clientAuth
`;

export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'cxhook-tls-'));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  writeFileSync(path('openssl.cnf'), CONFIG);
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

  const makeCa = (name: string) =>
    openssl('req', '-x509', ...newKey, '-config', 'openssl.cnf', '-extensions', 'ca', '-subj', `/CN=${name}`, '-days', '2', '-keyout', `${name}.key`, '-out', `${name}.crt`);
  const makeLeaf = (name: string, subject: string, ca: string, extensions: 'server' | 'client') => {
    openssl('req', '-new', ...newKey, '-config', 'openssl.cnf', '-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.csr`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-set_serial', String(Date.now()), '-days', '2', '-extfile', 'openssl.cnf', '-extensions', extensions, '-out', `${name}.crt`);
  };
  makeCa('test-ca');
  makeCa('foreign-ca');
  makeLeaf('server', '/CN=127.0.0.1', 'test-ca', 'server');
  makeLeaf('client', '/O=Example/CN=cx-client', 'test-ca', 'client');
  makeLeaf('foreign-client', '/O=Example/CN=cx-client', 'foreign-ca', 'client');

  const pair = (name: string) => ({ cert: readFileSync(path(`${name}.crt`)), key: readFileSync(path(`${name}.key`)) });
  return {
    dir,
    files: { ca: path('test-ca.crt'), serverCert: path('server.crt'), serverKey: path('server.key') },
    ca: readFileSync(path('test-ca.crt')),
    server: pair('server'),
    client: pair('client'),
    foreignClient: pair('foreign-client'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

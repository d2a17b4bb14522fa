// `cxhook serve`: loading app modules (default export, named `app`, factory functions), serving
// them, and refusing modules that are missing or export no app.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startServe, type ServingApp } from '../../src/cli/serve.ts';
import { capture, LIBRARY_URL, moduleFolder, runCli } from './helpers.ts';

const folder = moduleFolder();
after(() => folder.remove());

/** An app module answering tag `hello`; `exportLine` decides how the app is exported. */
function appModule(name: string, exportLine: string): string {
  return folder.write(
    name,
    `import { createLogger, createWebhook } from ${JSON.stringify(LIBRARY_URL)};
const build = () => createWebhook({ logger: createLogger({ level: 'silent' }) })
  .tag('hello', (ctx) => { ctx.reply.text('Hello ' + String(ctx.param('name') ?? 'there')); });
${exportLine}
`,
  );
}

test('serve starts the default export of a TS module and answers on the mount path until closed', async () => {
  appModule('default-app.ts', 'export default build();');
  const { io, stderr } = capture({ cwd: folder.dir });
  const running = await startServe('default-app.ts', { port: 0, handleSignals: false }, io);
  try {
    assert.match(running.webhookUrl, /^http:\/\/127\.0\.0\.1:\d+\/webhook$/);
    assert.match(stderr(), new RegExp(`serving default-app\\.ts at ${running.webhookUrl.replace(/[.]/g, '\\.')}`));
    assert.match(stderr(), /handles tags hello/);
    const { code, stdout } = await runCli(['send', running.webhookUrl, '--tag', 'hello', '--param', 'name=Ada']);
    assert.equal(code, 0);
    assert.match(stdout, /"Hello Ada"/);
  } finally {
    await running.close();
  }
  const afterClose = await runCli(['send', running.webhookUrl, '--tag', 'hello']);
  assert.equal(afterClose.code, 3);
});

test('serve accepts a named `app` export, and a (possibly async) function returning the app', async () => {
  appModule('named-app.ts', 'export const app = build();');
  appModule('factory-app.ts', 'export default () => build();');
  appModule('async-factory-app.mjs', 'export default async () => { await new Promise((r) => setTimeout(r, 5)); return build(); };');
  for (const file of ['named-app.ts', 'factory-app.ts', 'async-factory-app.mjs']) {
    const running = await startServe(file, { port: 0, handleSignals: false, path: '/cx' }, capture({ cwd: folder.dir }).io);
    try {
      assert.ok(running.webhookUrl.endsWith('/cx'), file);
      const { code, stdout } = await runCli(['send', running.webhookUrl, '--tag', 'hello']);
      assert.equal(code, 0, file);
      assert.match(stdout, /"Hello there"/, file);
    } finally {
      await running.close();
    }
  }
});

test('the serve command takes --port, --path and --host, and PORT when --port is absent', async () => {
  appModule('command-app.ts', 'export default build();');
  const before = new Set([...process.listeners('SIGTERM'), ...process.listeners('SIGINT')]);
  let running: ServingApp | undefined;
  const { code, stderr } = await runCli(['serve', 'command-app.ts', '--path', '/hooks/cx', '--host', '127.0.0.1'], {
    cwd: folder.dir,
    env: { PORT: '0' },
    onServe: (server) => (running = server),
  });
  try {
    assert.equal(code, 0);
    assert.ok(running);
    assert.match(stderr, /serving command-app\.ts at http:\/\/127\.0\.0\.1:\d+\/hooks\/cx/);
    assert.notEqual(running.port, 8080);
    const sent = await runCli(['send', running.webhookUrl, '--tag', 'hello']);
    assert.equal(sent.code, 0);
  } finally {
    await running?.close();
    // `cxhook serve` listens for SIGTERM/SIGINT; don't leave that to the test runner's process.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      for (const listener of process.listeners(signal)) if (!before.has(listener)) process.off(signal, listener);
    }
  }
});

test('a module that does not exist exits 2 and says where it looked', async () => {
  const { code, stdout, stderr } = await runCli(['serve', 'missing-app.ts', '--port', '0'], { cwd: folder.dir });
  assert.equal(code, 2);
  assert.equal(stdout, '');
  assert.match(stderr, /^cxhook: cannot find module missing-app\.ts \(looked for .*missing-app\.ts\)\n$/);
});

test('a module that exports no app exits 2 and says what to export', async () => {
  folder.write('no-app.ts', 'export const port = 8080;\nexport function helper() { return 1; }\n');
  const { code, stderr } = await runCli(['serve', 'no-app.ts', '--port', '0'], { cwd: folder.dir });
  assert.equal(code, 2);
  assert.match(stderr, /^cxhook: no-app\.ts exports no webhook app \(it exports helper, port\): export default createWebhook/);
  folder.write('returns-nothing.ts', 'export default () => 42;\n');
  const factory = await runCli(['serve', 'returns-nothing.ts', '--port', '0'], { cwd: folder.dir });
  assert.equal(factory.code, 2);
  assert.match(factory.stderr, /its function returned no app/);
});

test('a module that throws while loading exits 1 with its message and no stack trace', async () => {
  folder.write('throws.ts', "throw new Error('DATABASE_URL is not set');\nexport default {};\n");
  const { code, stderr } = await runCli(['serve', 'throws.ts', '--port', '0'], { cwd: folder.dir });
  assert.equal(code, 1);
  assert.equal(stderr, 'cxhook: loading throws.ts failed: DATABASE_URL is not set\n');
  const debug = await runCli(['serve', 'throws.ts', '--port', '0'], { cwd: folder.dir, env: { CXHOOK_DEBUG: '1' } });
  assert.match(debug.stderr, /\n\s+at /);
});

test('bad serve options exit 2', async () => {
  appModule('options-app.ts', 'export default build();');
  for (const argv of [
    ['serve', 'options-app.ts', '--port', 'eighty'],
    ['serve', 'options-app.ts', '--port', '70000'],
    ['serve', 'options-app.ts', '--path', 'webhook', '--port', '0'],
    ['serve', 'options-app.ts', '--body-limit', 'lots'],
    ['serve'],
  ]) {
    const { code, stderr } = await runCli(argv, { cwd: folder.dir });
    assert.equal(code, 2, argv.join(' '));
    assert.match(stderr, /^cxhook: /, argv.join(' '));
  }
  const badEnv = await runCli(['serve', 'options-app.ts'], { cwd: folder.dir, env: { PORT: 'http' } });
  assert.equal(badEnv.code, 2);
  assert.match(badEnv.stderr, /PORT must be a port number/);
});

test('a port already in use exits 1 and says so', async () => {
  appModule('busy-app.ts', 'export default build();');
  const first = await startServe('busy-app.ts', { port: 0, handleSignals: false }, capture({ cwd: folder.dir }).io);
  try {
    const { code, stderr } = await runCli(['serve', 'busy-app.ts', '--port', String(first.port)], { cwd: folder.dir });
    assert.equal(code, 1);
    assert.equal(stderr, `cxhook: port ${first.port} on 127.0.0.1 is already in use (try --port)\n`);
  } finally {
    await first.close();
  }
});

test('--body-limit is passed to the server: larger requests get 413', async () => {
  appModule('limited-app.ts', 'export default build();');
  const { parseSize } = await import('../../src/cli/serve.ts');
  assert.equal(parseSize('512kb'), 512 * 1024);
  assert.equal(parseSize('2mb'), 2 * 1024 * 1024);
  const running = await startServe('limited-app.ts', { port: 0, handleSignals: false, bodyLimit: 300 }, capture({ cwd: folder.dir }).io);
  try {
    const { code, stdout } = await runCli(['send', running.webhookUrl, '--tag', 'hello', '--param', `big=${'x'.repeat(400)}`]);
    assert.equal(code, 1);
    assert.match(stdout, /^413 Payload Too Large/m);
    assert.match(stdout, /CXH_ERR_BODY_TOO_LARGE/);
  } finally {
    await running.close();
  }
});

test('serve --tls-cert/--tls-key serves HTTPS, and with --tls-ca --client-certs require refuses clients without a certificate', async () => {
  const { makeCertificates } = await import('../transport/certificates.ts');
  const certs = makeCertificates();
  after(() => certs.remove());
  appModule('tls-app.ts', 'export default build();');
  const { io } = capture({ cwd: folder.dir });
  const options = { port: 0, handleSignals: false, tlsCert: certs.files.serverCert, tlsKey: certs.files.serverKey, tlsCa: certs.files.ca, clientCerts: 'require' as const };
  const running = await startServe('tls-app.ts', options, io);
  try {
    assert.match(running.webhookUrl, /^https:\/\/127\.0\.0\.1:\d+\/webhook$/);
    const { request } = await import('node:https');
    const post = (withClientCert: boolean) =>
      new Promise<{ status?: number; body: string }>((resolve, reject) => {
        const body = JSON.stringify({ fulfillmentInfo: { tag: 'hello' } });
        const req = request(running.webhookUrl, { method: 'POST', ca: certs.ca, headers: { 'content-type': 'application/json' }, ...(withClientCert ? certs.client : {}) }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode, body: text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const answer = await post(true);
    assert.equal(answer.status, 200);
    assert.match(answer.body, /Hello there/);
    await assert.rejects(post(false), 'a client without a certificate is refused during the handshake');
  } finally {
    await running.close();
  }
});

test('TLS options given by halves, or naming a file that is not there, exit 2 and say which', async () => {
  appModule('tls-bad-app.ts', 'export default build();');
  const cases: [string[], RegExp][] = [
    [['--tls-cert', 'server.crt'], /--tls-cert and --tls-key go together/],
    [['--tls-ca', 'ca.pem'], /--tls-ca and --client-certs need --tls-cert and --tls-key/],
    [['--tls-cert', 'a.crt', '--tls-key', 'a.key', '--client-certs', 'require'], /--client-certs require needs --tls-ca/],
    [['--client-certs', 'always'], /give none, request or require/],
    [['--tls-cert', 'missing.crt', '--tls-key', 'missing.key'], /tls\.certFile/],
  ];
  for (const [extra, message] of cases) {
    const { code, stderr } = await runCli(['serve', 'tls-bad-app.ts', '--port', '0', ...extra], { cwd: folder.dir });
    assert.equal(code, 2, extra.join(' '));
    assert.match(stderr, message, extra.join(' '));
  }
});

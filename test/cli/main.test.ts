// The `cxhook` program as a whole: help, version, usage errors, colour, and the real executable.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { resolveIo } from '../../src/cli/io.ts';
import { LIBRARY_URL, moduleFolder, runCli } from './helpers.ts';

const BIN = resolve(import.meta.dirname, '../../bin/cxhook.js');
const VERSION = (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;
const folder = moduleFolder();
after(() => folder.remove());

test('bin/cxhook.js --help runs as a child process and lists serve and send', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [BIN, '--help'], { env: { ...process.env, NO_COLOR: '1' } });
  assert.match(stdout, /^Usage: cxhook /m);
  assert.match(stdout, /^ {2}serve \[options\] <module>/m);
  assert.match(stdout, /^ {2}send \[options\] <url> \[request\]/m);
});

test('--version prints the version of package.json', async () => {
  const { code, stdout } = await runCli(['--version']);
  assert.equal(code, 0);
  assert.equal(stdout, `${VERSION}\n`);
});

test('each command has help with its options', async () => {
  const send = await runCli(['send', '--help']);
  assert.equal(send.code, 0);
  for (const flag of ['--tag', '--param', '--intent', '--text', '--event', '--session', '--page', '--form', '--language', '--header', '--timeout', '--json']) {
    assert.ok(send.stdout.includes(flag), flag);
  }
  assert.match(send.stdout, /Exit codes: 0 valid answer/);
  const serve = await runCli(['help', 'serve']);
  assert.equal(serve.code, 0);
  for (const flag of ['--host', '--port', '--path', '--body-limit']) assert.ok(serve.stdout.includes(flag), flag);
});

test('no command or an unknown one is a usage error (exit 2) prefixed cxhook:', async () => {
  const none = await runCli([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /Usage: cxhook/);
  const unknown = await runCli(['deploy']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^cxhook: unknown command 'deploy'\n/);
});

test('colour is on only when asked for or on a terminal, and NO_COLOR turns it off', () => {
  const sink = () => {};
  assert.equal(resolveIo({ stdout: sink, stderr: sink }).color, false);
  assert.equal(resolveIo({ stdout: sink, stderr: sink, env: { FORCE_COLOR: '1' } }).color, true);
  assert.equal(resolveIo({ stdout: sink, stderr: sink, env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).color, false);
  assert.equal(resolveIo({ color: true, stdout: sink, stderr: sink }).colors.red('x'), '\x1b[31mx\x1b[39m');
});

test('failures print no stack trace unless CXHOOK_DEBUG=1', async () => {
  const plain = await runCli(['send', 'http://127.0.0.1:9/webhook', 'missing.json'], { cwd: folder.dir });
  assert.equal(plain.stderr.split('\n').filter(Boolean).length, 1);
  const debug = await runCli(['send', 'http://127.0.0.1:9/webhook', 'missing.json'], { cwd: folder.dir, env: { CXHOOK_DEBUG: '1' } });
  assert.equal(debug.code, 2);
  assert.match(debug.stderr, /^cxhook: cannot read request file missing\.json/);
  assert.match(debug.stderr, /\n\s+at /);
});

test('bin/cxhook.js serves a module, answers send, and stops with exit 0 on SIGTERM', async () => {
  folder.write(
    'bin-app.ts',
    `import { createLogger, createWebhook } from ${JSON.stringify(LIBRARY_URL)};
export default createWebhook({ logger: createLogger({ level: 'silent' }) }).tag('ping', (ctx) => { ctx.reply.text('pong'); });
`,
  );
  const child = spawn(process.execPath, [BIN, 'serve', 'bin-app.ts', '--port', '0'], { cwd: folder.dir, env: { ...process.env, NO_COLOR: '1' } });
  try {
    let stderr = '';
    const url = await new Promise<string>((resolveUrl, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /serving bin-app\.ts at (\S+)/.exec(stderr);
        if (match?.[1]) resolveUrl(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
      setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 10_000).unref();
    });
    const sent = await runCli(['send', url, '--tag', 'ping']);
    assert.equal(sent.code, 0);
    assert.match(sent.stdout, /1\. text +"pong"/);
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

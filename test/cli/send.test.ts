// `cxhook send` over real sockets: against a cxhook app, against raw servers that answer badly or
// not at all, and with request files. Exit codes: 0 valid, 1 bad answer, 2 usage, 3 no answer.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createWebhook, serve, type RunningServer } from '../../src/index.ts';
import { answerWith, closedPort, moduleFolder, quietLogger, rawServer, runCli } from './helpers.ts';

let server: RunningServer;
let webhook: string;
const files = moduleFolder();

before(async () => {
  const app = createWebhook({ logger: quietLogger() })
    .tag('weather', (ctx) => {
      const city = String(ctx.param('location'));
      ctx.reply.text(`Sunny in ${city}`).setParam('last_city', city).deleteParam('stale');
    })
    .tag('check-guests', (ctx) => {
      const guests = ctx.page.form.guests?.value;
      if (typeof guests === 'number' && guests > 8) ctx.reply.invalidate('guests', 'At most 8 guests, please.');
      else ctx.reply.text('Fine');
    });
  const failing = createWebhook({ logger: quietLogger(), onError: 'status' }).fallback(() => {
    throw new Error('database down');
  });
  server = await serve({ apps: { '/webhook': app, '/failing': failing }, host: '127.0.0.1', port: 0, logger: quietLogger() });
  webhook = `${server.url}/webhook`;
});

after(async () => {
  await server.close();
  files.remove();
});

test('a valid answer exits 0 and prints the status, the messages, the parameter changes and the verdict', async () => {
  const { code, stdout, stderr } = await runCli(['send', webhook, '--tag', 'weather', '--param', 'location=Paris']);
  assert.equal(stderr, '');
  assert.equal(code, 0);
  assert.match(stdout, /^200 OK · \d+ ms · POST http:\/\/127\.0\.0\.1:\d+\/webhook · request id [\w-]+$/m);
  assert.match(stdout, /1\. text +"Sunny in Paris"/);
  assert.match(stdout, /^ {2}set last_city = "Paris"$/m);
  assert.match(stdout, /^ {2}delete stale$/m);
  assert.match(stdout, /^✓ valid WebhookResponse$/m);
});

test('--json prints the raw response JSON only', async () => {
  const { code, stdout } = await runCli(['send', webhook, '--tag', 'weather', '--param', 'location=Oslo', '--json']);
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(stdout), {
    fulfillmentResponse: { messages: [{ text: { text: ['Sunny in Oslo'] } }] },
    sessionInfo: { parameters: { last_city: 'Oslo', stale: null } },
  });
});

test('the request posted is the one built from flags, as JSON with the given headers', async () => {
  const raw = await rawServer(answerWith(200, {}));
  try {
    const { code } = await runCli([
      'send', raw.url, '--tag', 'book', '--param', 'guests=2', '--session', 's-1', '-H', 'Authorization: Bearer t0ken', '--header', 'X-Api-Key: k',
    ]);
    assert.equal(code, 0);
    const [call] = raw.received;
    assert.ok(call);
    assert.equal(call.headers['content-type'], 'application/json');
    assert.equal(call.headers.authorization, 'Bearer t0ken');
    assert.equal(call.headers['x-api-key'], 'k');
    const sent = JSON.parse(call.body);
    assert.deepEqual(sent.fulfillmentInfo, { tag: 'book' });
    assert.equal(sent.sessionInfo.session, 'projects/cxhook-local/locations/global/agents/cxhook-agent/sessions/s-1');
    assert.deepEqual(sent.sessionInfo.parameters, { guests: 2 });
  } finally {
    await raw.close();
  }
});

test('a request file is sent with the flags laid over it', async () => {
  const file = files.write('request.json', JSON.stringify({ detectIntentResponseId: 'file-id', fulfillmentInfo: { tag: 'weather' }, sessionInfo: { parameters: { location: 'Rome' } } }));
  const fromFile = await runCli(['send', webhook, file]);
  assert.equal(fromFile.code, 0);
  assert.match(fromFile.stdout, /"Sunny in Rome"/);
  const overridden = await runCli(['send', webhook, 'request.json', '--param', 'location=Lima'], { cwd: files.dir });
  assert.equal(overridden.code, 0);
  assert.match(overridden.stdout, /"Sunny in Lima"/);
});

test('a form parameter the webhook rejects is shown as INVALID, and the answer is valid for that page', async () => {
  const { code, stdout } = await runCli(['send', webhook, '--tag', 'check-guests', '--page', 'Booking', '--form', 'guests=12']);
  assert.equal(code, 0);
  assert.match(stdout, /^ {2}guests INVALID, required$/m);
  assert.match(stdout, /^ {2}delete guests$/m);
  assert.match(stdout, /"At most 8 guests, please\."/);
});

test('an answer that breaks the contract exits 1 and names the offending key and path', async () => {
  const misspelt = await rawServer(answerWith(200, { fulfilmentResponse: {} }));
  const wrongType = await rawServer(answerWith(200, { fulfillmentResponse: { messages: [{ text: { text: 'not a list' } }] } }));
  try {
    const first = await runCli(['send', misspelt.url, '--tag', 'x']);
    assert.equal(first.code, 1);
    assert.match(first.stdout, /✗ invalid WebhookResponse \(1 problem\)/);
    assert.match(first.stdout, /fulfilmentResponse/);
    const second = await runCli(['send', wrongType.url]);
    assert.equal(second.code, 1);
    assert.match(second.stdout, /^ {2}fulfillmentResponse\.messages\.0\.text\.text: .*expected array/m);
  } finally {
    await misspelt.close();
    await wrongType.close();
  }
});

test('form parameters the page does not have are a contract problem', async () => {
  const raw = await rawServer(answerWith(200, { pageInfo: { formInfo: { parameterInfo: [{ displayName: 'ghost', required: true, state: 'INVALID' }] } } }));
  try {
    const { code, stdout } = await runCli(['send', raw.url, '--page', 'Booking', '--form', 'guests=1']);
    assert.equal(code, 1);
    assert.match(stdout, /pageInfo\.formInfo\.parameterInfo\.0\.displayName: "ghost" is not a form parameter of the current page \(it has: guests\)/);
  } finally {
    await raw.close();
  }
});

test('a 500 exits 1 and prints the status and the error code and message of the body', async () => {
  const { code, stdout } = await runCli(['send', `${server.url}/failing`, '--tag', 'anything']);
  assert.equal(code, 1);
  assert.match(stdout, /^500 Internal Server Error · /m);
  assert.match(stdout, /^CXH_ERR_HANDLER_FAILED: The handler for .+ failed$/m);
  const json = await runCli(['send', `${server.url}/failing`, '--json']);
  assert.equal(json.code, 1);
  assert.equal(JSON.parse(json.stdout).error.code, 'CXH_ERR_HANDLER_FAILED');
  assert.match(json.stderr, /^500 Internal Server Error/m);
});

test('a non-JSON 2xx body exits 1', async () => {
  const raw = await rawServer(answerWith(200, '<html>hello</html>'));
  try {
    const { code, stdout } = await runCli(['send', raw.url]);
    assert.equal(code, 1);
    assert.match(stdout, /✗ the response body is not JSON/);
  } finally {
    await raw.close();
  }
});

test('a server that never answers exits 3 after --timeout, saying how long it waited', async () => {
  const silent = await rawServer(() => {});
  try {
    const started = Date.now();
    const { code, stdout, stderr } = await runCli(['send', silent.url, '--timeout', '200']);
    assert.equal(code, 3);
    assert.equal(stdout, '');
    assert.equal(stderr, `cxhook: no answer from ${silent.url} within 200 ms (--timeout)\n`);
    assert.ok(Date.now() - started < 2000);
  } finally {
    await silent.close();
  }
});

test('an answer that starts but never finishes also exits 3 after --timeout', async () => {
  const stalling = await rawServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"fulfillmentResponse":');
  });
  try {
    const { code, stderr } = await runCli(['send', stalling.url, '--timeout', '200']);
    assert.equal(code, 3);
    assert.match(stderr, /within 200 ms/);
  } finally {
    await stalling.close();
  }
});

test('--show-request prints the request sent on stderr, keeping stdout for the answer', async () => {
  const { code, stdout, stderr } = await runCli(['send', webhook, '--tag', 'weather', '--param', 'location=Kyiv', '--show-request', '--json']);
  assert.equal(code, 0);
  assert.equal(JSON.parse(stderr).fulfillmentInfo.tag, 'weather');
  assert.equal(JSON.parse(stdout).sessionInfo.parameters.last_city, 'Kyiv');
});

test('a closed port exits 3 saying the URL could not be reached and why', async () => {
  const url = `http://127.0.0.1:${await closedPort()}/webhook`;
  const { code, stderr } = await runCli(['send', url]);
  assert.equal(code, 3);
  assert.equal(stderr, `cxhook: could not reach ${url}: connection refused (ECONNREFUSED)\n`);
});

test('a missing request file exits 2 naming the file', async () => {
  const { code, stdout, stderr } = await runCli(['send', webhook, 'no-such-request.json'], { cwd: files.dir });
  assert.equal(code, 2);
  assert.equal(stdout, '');
  assert.equal(stderr, 'cxhook: cannot read request file no-such-request.json: no such file\n');
});

test('a request file that is not JSON exits 2 naming the file and where the JSON breaks', async () => {
  files.write('broken.json', '{\n  "fulfillmentInfo": {"tag": "x"},,\n}');
  const { code, stderr } = await runCli(['send', webhook, 'broken.json'], { cwd: files.dir });
  assert.equal(code, 2);
  assert.match(stderr, /^cxhook: request file broken\.json is not valid JSON: .+ at line 2 column \d+\n$/);
  files.write('list.json', '[1, 2]');
  const list = await runCli(['send', webhook, 'list.json'], { cwd: files.dir });
  assert.equal(list.code, 2);
  assert.match(list.stderr, /request file list\.json must hold a JSON object/);
});

test('bad flags and URLs exit 2 with a one-line message and no stack trace', async () => {
  for (const argv of [
    ['send', webhook, '--bogus'],
    ['send', 'not-a-url'],
    ['send', 'ftp://example.com/x'],
    ['send', webhook, '--timeout', '-5'],
    ['send', webhook, '--header', 'no colon'],
    ['send', webhook, '--param', 'novalue'],
    ['send', webhook, '--text', 'hi', '--event', 'welcome'],
    ['send'],
  ]) {
    const { code, stderr } = await runCli(argv);
    assert.equal(code, 2, argv.join(' '));
    assert.match(stderr, /^cxhook: /, argv.join(' '));
    assert.doesNotMatch(stderr, /\n\s+at /, argv.join(' '));
  }
});

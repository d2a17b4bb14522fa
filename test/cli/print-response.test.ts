// The readable form `cxhook send` prints: one test per kind of thing a response can carry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pc from 'picocolors';
import {
  formatErrorBody,
  formatIssues,
  formatResponse,
  formatStatusLine,
  summarizeRichContent,
} from '../../src/cli/print-response.ts';

const plain = pc.createColors(false);
const print = (body: unknown) => formatResponse(body, plain).join('\n');
const messages = (...list: unknown[]) => ({ fulfillmentResponse: { messages: list } });

test('the status line shows the status, the latency, the URL and the request id', () => {
  const line = formatStatusLine({ url: 'http://127.0.0.1:8080/webhook', status: 200, latencyMs: 12.4, requestId: 'r-1' }, plain);
  assert.equal(line, '200 OK · 12 ms · POST http://127.0.0.1:8080/webhook · request id r-1');
  assert.match(formatStatusLine({ url: 'http://x/', status: 503, latencyMs: 3 }, plain), /^503 Service Unavailable · 3 ms/);
});

test('a text message shows its variants, numbered in order', () => {
  const output = print(messages({ text: { text: ['Hello'] } }, { text: { text: ['Hi', 'Hey'] } }));
  assert.match(output, /^messages \(2\)$/m);
  assert.match(output, /^ {2}1\. text {8}"Hello"$/m);
  assert.match(output, /^ {2}2\. text {8}"Hi" \| "Hey" \(2 variants\)$/m);
});

test('speech shows as SSML or audio text', () => {
  const output = print(messages({ outputAudioText: { ssml: '<speak>Hi</speak>' } }, { outputAudioText: { text: 'Hi there' } }));
  assert.match(output, /1\. ssml +<speak>Hi<\/speak>/);
  assert.match(output, /2\. audio text +"Hi there"/);
});

test('rich content shows one line per card with a summary of each element', () => {
  const richContent = [
    [
      { type: 'info', title: 'Title', subtitle: 'Sub' },
      { type: 'chips', options: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] },
    ],
    [{ type: 'image', rawUrl: 'https://x/y.png', accessibilityText: 'a map' }, { type: 'divider' }, { type: 'button', text: 'Go' }],
    [{ type: 'description', title: 'Terms', text: ['l1'] }, { type: 'list', title: 'Item' }, { type: 'match_citations', citations: [{}] }],
    [{ type: 'textBox', text: 'CCAI' }],
  ];
  assert.deepEqual(summarizeRichContent(richContent), [
    '[card 1] info "Title" · chips (3)',
    '[card 2] image "a map" · divider · button "Go"',
    '[card 3] description "Terms" · list "Item" · citations (1)',
    '[card 4] textBox',
  ]);
  const output = print(messages({ payload: { richContent: richContent.slice(0, 2) } }));
  assert.match(output, /1\. rich +\[card 1\] info "Title" · chips \(3\)\n +\[card 2\] image "a map"/);
});

test('a custom payload shows as compact JSON', () => {
  assert.match(print(messages({ payload: { slack: { blocks: [1, 2] } } })), /1\. payload +\{"slack":\{"blocks":\[1,2\]\}\}/);
});

test('conversation success and live agent handoff show with their metadata', () => {
  const output = print(messages({ conversationSuccess: { metadata: { resolved: true } } }, { liveAgentHandoff: {} }));
  assert.match(output, /1\. success +conversation success \{"resolved":true\}/);
  assert.match(output, /2\. handoff +live agent handoff$/m);
});

test('play audio and call transfer show their URI and number', () => {
  const output = print(messages({ playAudio: { audioUri: 'gs://bucket/hold.wav' } }, { telephonyTransferCall: { phoneNumber: '+14155550100' } }));
  assert.match(output, /1\. play audio +gs:\/\/bucket\/hold\.wav/);
  assert.match(output, /2\. transfer +transfer call to \+14155550100/);
});

test('a message for one channel says which', () => {
  assert.match(print(messages({ text: { text: ['web only'] }, channel: 'web' })), /"web only" \[channel web\]/);
});

test('the merge behaviour is shown, APPEND being the default', () => {
  assert.match(print(messages({ text: { text: ['x'] } })), /^merge APPEND \(the default/m);
  assert.match(print({ fulfillmentResponse: { messages: [{ text: { text: ['x'] } }], mergeBehavior: 'REPLACE' } }), /^merge REPLACE \(these replace/m);
});

test('session parameter changes show as set and delete', () => {
  const output = print({ sessionInfo: { parameters: { count: 1, city: 'Paris', date: { year: 2026 }, stale: null } } });
  assert.match(output, /^session parameters$/m);
  assert.match(output, /^ {2}set count = 1$/m);
  assert.match(output, /^ {2}set city = "Paris"$/m);
  assert.match(output, /^ {2}set date = \{"year":2026\}$/m);
  assert.match(output, /^ {2}delete stale$/m);
});

test('form parameters marked INVALID are listed, and other states are flagged as ignored', () => {
  const output = print({
    pageInfo: { formInfo: { parameterInfo: [{ displayName: 'guests', required: true, state: 'INVALID' }, { displayName: 'name', state: 'VALID' }] } },
  });
  assert.match(output, /^form parameters$/m);
  assert.match(output, /^ {2}guests INVALID, required$/m);
  assert.match(output, /^ {2}name VALID \(ignored by CX: only INVALID is honoured\)$/m);
});

test('the transition target shows the page or flow id and its full name', () => {
  const page = 'projects/p/locations/l/agents/a/flows/f/pages/END_SESSION';
  assert.match(print({ targetPage: page }), new RegExp(`^transition → page END_SESSION \\(${page}\\)$`, 'm'));
  assert.match(print({ targetFlow: 'projects/p/locations/l/agents/a/flows/billing' }), /^transition → flow billing /m);
});

test('the caller payload is shown', () => {
  assert.match(print({ payload: { orderId: 42 } }), /^caller payload \{"orderId":42\}$/m);
});

test('an empty response says nothing changes, and a non-object body says so', () => {
  assert.match(print({}), /empty response/);
  assert.match(print([1]), /not a JSON object/);
});

test('contract problems are listed with their paths', () => {
  const lines = formatIssues(
    [
      { path: 'fulfillmentResponse.messages.0.text.text', message: 'Invalid input: expected array, received string' },
      { path: '', message: 'Unrecognized key: "fulfilmentResponse"' },
    ],
    plain,
  );
  assert.deepEqual(lines, [
    '✗ invalid WebhookResponse (2 problems)',
    '  fulfillmentResponse.messages.0.text.text: Invalid input: expected array, received string',
    '  (response): Unrecognized key: "fulfilmentResponse"',
  ]);
});

test('an error body shows its code, message and detail paths; other bodies show as text', () => {
  const body = { error: { code: 'CXH_ERR_INVALID_RESPONSE', message: 'bad', details: [{ path: 'targetFlow', message: 'one choice' }] } };
  assert.deepEqual(formatErrorBody(body, '', plain), ['CXH_ERR_INVALID_RESPONSE: bad', '  targetFlow: one choice']);
  assert.deepEqual(formatErrorBody(undefined, 'upstream connect error', plain), ['upstream connect error']);
  assert.deepEqual(formatErrorBody(undefined, '', plain), ['(empty body)']);
});

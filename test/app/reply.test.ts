// The reply builder: every response capability, each checked as it is added (CXH_ERR_INVALID_REPLY
// at the line that made the mistake), and what it builds passing the strict response check.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ReplyBuilder, rich } from '../../src/app/index.ts';
import { CxhookError } from '../../src/errors/index.ts';
import { checkWebhookResponse, type RichElement } from '../../src/protocol/index.ts';
import { AGENT, FLOW, makeApp, makeRequest, PAGE } from './helpers.ts';

interface Scope {
  agentName?: string;
  currentPage?: string;
  formParams?: string[];
}

function builder(scope: Scope = {}): ReplyBuilder {
  const { agentName = AGENT, currentPage = PAGE, formParams = ['size', 'color'] } = { ...scope };
  const given = (key: keyof Scope) => key in scope;
  return new ReplyBuilder({
    agentName: () => (given('agentName') ? scope.agentName : agentName),
    currentPage: () => (given('currentPage') ? scope.currentPage : currentPage),
    formParams: () => formParams,
  });
}

const invalidReply = (pattern?: RegExp) => (error: unknown) =>
  error instanceof CxhookError && error.code === 'CXH_ERR_INVALID_REPLY' && (!pattern || pattern.test(error.message));

/** Builds and checks the response as the pipeline would. */
function sent(reply: ReplyBuilder): any {
  const check = checkWebhookResponse(reply.build());
  if (!check.ok) assert.fail(`the builder built an invalid response: ${JSON.stringify(check.issues)}`);
  return JSON.parse(check.body);
}

describe('ReplyBuilder messages', () => {
  test('an empty builder builds {} and is empty', () => {
    const reply = builder();
    assert.equal(reply.isEmpty, true);
    assert.deepEqual(reply.build(), {});
  });

  test('text() with several arguments makes one message with variants', () => {
    assert.deepEqual(sent(builder().text('Hi', 'Hello', 'Hey')).fulfillmentResponse.messages, [{ text: { text: ['Hi', 'Hello', 'Hey'] } }]);
  });

  test('texts() makes one message per argument, in order', () => {
    assert.deepEqual(sent(builder().texts('one', 'two')).fulfillmentResponse.messages, [{ text: { text: ['one'] } }, { text: { text: ['two'] } }]);
  });

  test('text() refuses a non-string variant', () => {
    assert.throws(() => builder().text('a', 5 as never), invalidReply(/strings/));
  });

  test('channelText() tags the message with its channel', () => {
    assert.deepEqual(sent(builder().channelText('web', 'Click below')).fulfillmentResponse.messages, [
      { text: { text: ['Click below'] }, channel: 'web' },
    ]);
  });

  test('ssml() and audioText() make outputAudioText messages, optionally for a channel', () => {
    const messages = sent(builder().ssml('<speak>Hi</speak>', { channel: 'voice' }).audioText('Hi there')).fulfillmentResponse.messages;
    assert.deepEqual(messages, [{ outputAudioText: { ssml: '<speak>Hi</speak>' }, channel: 'voice' }, { outputAudioText: { text: 'Hi there' } }]);
  });

  test('ssml() refuses blank SSML', () => {
    assert.throws(() => builder().ssml('   '), invalidReply(/ssml/));
  });

  test('playAudio() makes a playAudio message and refuses an empty URI', () => {
    assert.deepEqual(sent(builder().playAudio('gs://b/hold.wav')).fulfillmentResponse.messages, [{ playAudio: { audioUri: 'gs://b/hold.wav' } }]);
    assert.throws(() => builder().playAudio(''), invalidReply());
  });

  test('payload() makes a custom payload message and refuses non-JSON objects', () => {
    assert.deepEqual(sent(builder().payload({ card: { id: 1 } })).fulfillmentResponse.messages, [{ payload: { card: { id: 1 } } }]);
    assert.throws(() => builder().payload(new Date() as never), invalidReply(/payload/));
    assert.throws(() => builder().payload({ n: Number.NaN }), invalidReply(/payload/));
    assert.throws(() => builder().payload(['a'] as never), invalidReply(/payload/));
  });

  test('richContent() with rich.* helpers builds a valid Messenger payload, one card per argument', () => {
    const reply = builder().richContent(
      [rich.info({ title: 'Paris', subtitle: 'France', anchor: { href: 'https://x' } }), rich.divider(), rich.description('Hours', 'Mon', 'Tue')],
      [rich.image('https://x/i.png', 'logo'), rich.chips(['Book', { text: 'Cancel', anchor: { href: 'https://x/c' } }])],
      [
        rich.button({ text: 'Go', event: { event: 'go' } }),
        rich.list({ title: 'Item' }),
        rich.accordion({ title: 'More', text: 'details' }),
        rich.citations([{ title: 'Doc', anchor: { href: 'https://x/d' } }]),
        rich.html('<b>hi</b>'),
      ],
    );
    const messages = sent(reply).fulfillmentResponse.messages;
    assert.equal(messages.length, 1);
    const cards = messages[0].payload.richContent;
    assert.equal(cards.length, 3);
    assert.deepEqual(cards[0][2], { type: 'description', title: 'Hours', text: ['Mon', 'Tue'] });
    assert.deepEqual(cards[1][0], { type: 'image', rawUrl: 'https://x/i.png', accessibilityText: 'logo' });
    assert.deepEqual(cards[1][1], { type: 'chips', options: [{ text: 'Book' }, { text: 'Cancel', anchor: { href: 'https://x/c' } }] });
    assert.equal(cards[2][3].type, 'match_citations');
  });

  test('rich.image without accessibility text omits the field', () => {
    assert.deepEqual(rich.image('https://x/i.png'), { type: 'image', rawUrl: 'https://x/i.png' });
  });

  test('richContent() refuses an invalid element with CXH_ERR_INVALID_REPLY naming its position', () => {
    const bad = { type: 'image' } as unknown as RichElement;
    assert.throws(() => builder().richContent([rich.divider()], [rich.divider(), bad]), invalidReply(/rich element 1\.1.*rawUrl/));
  });

  test('richContent() refuses an element built with an empty required field', () => {
    assert.throws(() => builder().richContent([rich.image('')]), invalidReply(/rawUrl/));
  });

  test('richContent() refuses no cards and empty cards', () => {
    assert.throws(() => builder().richContent(), invalidReply(/at least one card/));
    assert.throws(() => builder().richContent([]), invalidReply(/card 0/));
  });

  test('conversationSuccess() and liveAgentHandoff() carry metadata, {} by default', () => {
    const messages = sent(builder().conversationSuccess({ resolved: true }).liveAgentHandoff()).fulfillmentResponse.messages;
    assert.deepEqual(messages, [{ conversationSuccess: { metadata: { resolved: true } } }, { liveAgentHandoff: { metadata: {} } }]);
    assert.throws(() => builder().liveAgentHandoff(new Map() as never), invalidReply());
  });

  test('transferCall() accepts an E.164 number', () => {
    assert.deepEqual(sent(builder().transferCall('+14155550100')).fulfillmentResponse.messages, [{ telephonyTransferCall: { phoneNumber: '+14155550100' } }]);
  });

  for (const number of ['4155550100', '+0123456', '+1 415 555 0100', '+1234567890123456', '+']) {
    test(`transferCall() refuses the non-E.164 number ${JSON.stringify(number)}`, () => {
      assert.throws(() => builder().transferCall(number), invalidReply(/E\.164/));
    });
  }

  test('merge() sets mergeBehavior alongside the messages', () => {
    assert.deepEqual(sent(builder().text('only this').merge('REPLACE')).fulfillmentResponse, {
      messages: [{ text: { text: ['only this'] } }],
      mergeBehavior: 'REPLACE',
    });
  });

  test('merge("REPLACE") alone clears the queued messages (empty list, REPLACE)', () => {
    assert.deepEqual(sent(builder().merge('REPLACE')).fulfillmentResponse, { messages: [], mergeBehavior: 'REPLACE' });
  });
});

describe('ReplyBuilder session parameters', () => {
  test('setParam() and setParams() set session parameters', () => {
    const body = sent(builder().setParam('a', 1).setParams({ b: 'two', c: { nested: [true, null] } }));
    assert.deepEqual(body.sessionInfo, { parameters: { a: 1, b: 'two', c: { nested: [true, null] } } });
    assert.equal(body.fulfillmentResponse, undefined);
  });

  test('a later setParam() overrides an earlier one', () => {
    assert.deepEqual(sent(builder().setParam('a', 1).setParam('a', 2)).sessionInfo.parameters, { a: 2 });
  });

  test('deleteParam() sends null for each name', () => {
    assert.deepEqual(sent(builder().deleteParam('a', 'b')).sessionInfo.parameters, { a: null, b: null });
  });

  test('a parameter named __proto__ is sent like any other, not dropped as a prototype change', () => {
    const parameters = sent(builder().setParam('__proto__', 'x').deleteParam('constructor')).sessionInfo.parameters;
    assert.deepEqual(Object.keys(parameters), ['__proto__', 'constructor']);
    assert.equal(Object.getOwnPropertyDescriptor(parameters, '__proto__')?.value, 'x');
    assert.equal(parameters.constructor, null);
  });

  test('setParam() refuses undefined and points at deleteParam', () => {
    assert.throws(() => builder().setParam('a', undefined as never), invalidReply(/deleteParam/));
  });

  for (const [what, value] of [
    ['NaN', Number.NaN],
    ['a Date', new Date()],
    ['a class instance', new (class Money {})()],
    ['a nested Infinity', { n: [Number.POSITIVE_INFINITY] }],
  ] as const) {
    test(`setParam() refuses ${what}`, () => {
      assert.throws(() => builder().setParam('a', value as never), invalidReply(/"a"/));
    });
  }

  test('setParam() refuses an empty name', () => {
    assert.throws(() => builder().setParam('', 1), invalidReply(/name/));
  });
});

describe('ReplyBuilder form validation', () => {
  test('invalidate() marks the parameter INVALID and required, clears its session value and reprompts', () => {
    const body = sent(builder().invalidate('size', 'We do not have that size.'));
    assert.deepEqual(body.pageInfo, { formInfo: { parameterInfo: [{ displayName: 'size', required: true, state: 'INVALID' }] } });
    assert.deepEqual(body.sessionInfo, { parameters: { size: null } });
    assert.deepEqual(body.fulfillmentResponse.messages, [{ text: { text: ['We do not have that size.'] } }]);
  });

  test('invalidate() without a reprompt adds no message', () => {
    const body = sent(builder().invalidate('color'));
    assert.equal(body.fulfillmentResponse, undefined);
    assert.equal(body.pageInfo.formInfo.parameterInfo[0].state, 'INVALID');
  });

  test('invalidate() of the same parameter twice lists it once', () => {
    assert.equal(sent(builder().invalidate('size').invalidate('size')).pageInfo.formInfo.parameterInfo.length, 1);
  });

  test('invalidate() throws for a parameter the page does not have and lists the page ones', () => {
    assert.throws(() => builder().invalidate('colour'), invalidReply(/"colour" is not a form parameter.*size, color/));
    assert.throws(() => builder({ formParams: [] }).invalidate('size'), invalidReply(/it has: none/));
  });
});

describe('ReplyBuilder transitions', () => {
  test('goToPage() with a bare id targets that page in the current flow', () => {
    assert.equal(sent(builder().goToPage('confirm')).targetPage, `${FLOW}/pages/confirm`);
  });

  test('goToPage() with a symbolic page targets it in the current flow', () => {
    assert.equal(sent(builder().goToPage('CURRENT_PAGE')).targetPage, `${FLOW}/pages/CURRENT_PAGE`);
  });

  test('goToPage() with a full page name uses it unchanged', () => {
    const other = `${AGENT}/flows/f2/pages/p2`;
    assert.equal(sent(builder({ currentPage: undefined }).goToPage(other)).targetPage, other);
  });

  test('goToPage() with an id throws when the request has no current page', () => {
    assert.throws(() => builder({ currentPage: undefined }).goToPage('confirm'), invalidReply(/no current page/));
  });

  test('goToFlow() with a bare id targets that flow of the agent, a full name is kept', () => {
    assert.equal(sent(builder().goToFlow('billing')).targetFlow, `${AGENT}/flows/billing`);
    assert.equal(sent(builder({ agentName: undefined }).goToFlow(FLOW)).targetFlow, FLOW);
    assert.throws(() => builder({ agentName: undefined }).goToFlow('billing'), invalidReply(/no session path/));
  });

  test('endSession() targets END_SESSION of the current flow', () => {
    const body = sent(builder().text('Bye').endSession());
    assert.equal(body.targetPage, `${FLOW}/pages/END_SESSION`);
    assert.equal(body.targetFlow, undefined);
  });

  const transitions: [string, (reply: ReplyBuilder) => unknown][] = [
    ['goToPage', (reply) => reply.goToPage('x')],
    ['goToFlow', (reply) => reply.goToFlow('f')],
    ['endSession', (reply) => reply.endSession()],
  ];
  for (const [first, doFirst] of transitions) {
    for (const [second, doSecond] of transitions) {
      test(`${second}() after ${first}() throws (one transition per reply)`, () => {
        const reply = builder();
        doFirst(reply);
        assert.throws(() => doSecond(reply), invalidReply(/one transition/));
      });
    }
  }

  test('callerPayload() sets the response payload, not a message', () => {
    const body = sent(builder().callerPayload({ orderId: 'A1' }));
    assert.deepEqual(body.payload, { orderId: 'A1' });
    assert.equal(body.fulfillmentResponse, undefined);
    assert.throws(() => builder().callerPayload(null as never), invalidReply(/callerPayload/));
  });

  test('a builder with anything added is not empty', () => {
    for (const add of [
      (r: ReplyBuilder) => r.text('x'),
      (r: ReplyBuilder) => r.setParam('a', 1),
      (r: ReplyBuilder) => r.invalidate('size'),
      (r: ReplyBuilder) => r.goToPage('x'),
      (r: ReplyBuilder) => r.callerPayload({}),
    ]) {
      const reply = builder();
      add(reply);
      assert.equal(reply.isEmpty, false);
    }
  });
});

describe('ctx.reply in the pipeline', () => {
  test('a chained reply reaches the wire with messages, params, form state and target', async () => {
    const app = makeApp();
    app.tag('booking', (ctx) => {
      ctx.reply.text('That size is sold out.').invalidate('size').setParam('attempts', 2).goToPage('pick-size');
    });
    const request = makeRequest({
      pageInfo: { currentPage: PAGE, displayName: 'Booking Page', formInfo: { parameterInfo: [{ displayName: 'size', state: 'FILLED', value: 'XXL' }] } },
    });
    const { status, body } = await app.inject(request);
    assert.equal(status, 200);
    assert.deepEqual(body, {
      fulfillmentResponse: { messages: [{ text: { text: ['That size is sold out.'] } }] },
      pageInfo: { formInfo: { parameterInfo: [{ displayName: 'size', required: true, state: 'INVALID' }] } },
      sessionInfo: { parameters: { size: null, attempts: 2 } },
      targetPage: `${FLOW}/pages/pick-size`,
    });
  });

  test('ctx.reply.endSession() uses the flow of the request page', async () => {
    const app = makeApp();
    app.fallback((ctx) => {
      ctx.reply.endSession();
    });
    const { body } = await app.inject(makeRequest());
    assert.equal(body.targetPage, `${FLOW}/pages/END_SESSION`);
  });

  test('a handler may return a complete WebhookResponse object instead of using ctx.reply', async () => {
    const app = makeApp();
    app.fallback(() => ({ fulfillmentResponse: { messages: [{ text: { text: ['returned'] } }] } }));
    const { body } = await app.inject(makeRequest());
    assert.deepEqual(body, { fulfillmentResponse: { messages: [{ text: { text: ['returned'] } }] } });
  });

  test(
    'a handler written as an arrow one-liner returning ctx.reply sends what it built',
    async () => {
      const app = makeApp();
      app.tag('booking', (ctx) => ctx.reply.text('Sunny').setParam('checked', true));
      const { status, body } = await app.inject(makeRequest());
      assert.equal(status, 200);
      assert.deepEqual(body, {
        fulfillmentResponse: { messages: [{ text: { text: ['Sunny'] } }] },
        sessionInfo: { parameters: { checked: true } },
      });
    },
  );
});

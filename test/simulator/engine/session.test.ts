import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createWebhook } from '../../../src/index.ts';
import { serve } from '../../../src/transport/node-http/index.ts';
import { createSimulator } from '../../../src/simulator/engine/index.ts';
import { memoryLogger } from '../../app/helpers.ts';
import { agent, flow, intent, webhook } from './agent-builder.ts';

const quiet = () => memoryLogger('silent').logger;
const texts = (turn: { texts: { text: string }[] }) => turn.texts.map((t) => t.text);

const bookingAgent = () =>
  agent({
    intents: [intent('book')],
    webhooks: [webhook('backend', { timeoutMs: 300 })],
    flows: [
      flow('Main', {
        routes: [{ intent: 'book', to: 'Confirm' }],
        handlers: [{ event: 'webhook.error', say: 'Our system is down.', to: 'Sorry' }],
        pages: {
          Confirm: {
            form: [{ name: 'time', prompt: 'What time?', reprompts: [{ event: 'sys.invalid-parameter', say: 'That time is taken. Another?' }] }],
            routes: [{ condition: '$page.params.status = "FINAL"', say: 'Checking.', webhook: 'backend', tag: 'confirm', to: 'Done' }],
          },
          Done: { entry: { say: 'Done: $session.params.confirmation' } },
          Sorry: {},
        },
      }),
    ],
  });

describe('route evaluation order', () => {
  test('a page intent route wins over the flow route for the same intent', async () => {
    const a = agent({
      intents: [intent('go'), intent('start')],
      flows: [
        flow('Main', {
          routes: [{ intent: 'start', to: 'Inner' }, { intent: 'go', say: 'flow route' }],
          pages: { Inner: { routes: [{ intent: 'go', say: 'page route' }] } },
        }),
      ],
    });
    const session = createSimulator({ agent: a }).session();
    await session.send({ intent: 'start' });
    const turn = await session.send({ intent: 'go' });
    assert.deepEqual(texts(turn), ['page route']);
    assert.equal(turn.page, 'Inner');
  });

  test('a page route group comes before the flow route, and flow-level groups before agent-level ones', async () => {
    const a = agent({
      intents: [intent('go'), intent('start')],
      routeGroups: { shared: [{ intent: 'go', say: 'agent group' }] },
      flows: [
        flow('Main', {
          routes: [{ intent: 'start', to: 'Inner' }, { intent: 'go', say: 'flow route' }],
          routeGroups: { shared: [{ intent: 'go', say: 'flow group' }] },
          pages: { Inner: { groups: ['shared'] } },
        }),
      ],
    });
    const session = createSimulator({ agent: a }).session();
    await session.send({ intent: 'start' });
    assert.deepEqual(texts(await session.send({ intent: 'go' })), ['flow group']);
  });

  test('an intent route fires only when its condition also holds', async () => {
    const a = agent({
      intents: [intent('go')],
      flows: [flow('Main', { routes: [{ intent: 'go', condition: '$session.params.vip = true', say: 'vip' }, { intent: 'go', say: 'regular' }] })],
    });
    const sim = createSimulator({ agent: a });
    assert.deepEqual(texts(await sim.session().send({ intent: 'go' })), ['regular']);
    assert.deepEqual(texts(await sim.session({ parameters: { vip: true } }).send({ intent: 'go' })), ['vip']);
  });

  test('condition routes are evaluated on entry, first true wins, and flow condition routes apply only on the start page', async () => {
    const a = agent({
      intents: [intent('go')],
      flows: [
        flow('Main', {
          routes: [{ intent: 'go', to: 'A' }, { condition: 'true', say: 'flow condition' }],
          pages: {
            A: { entry: { say: 'entered A' }, routes: [{ condition: '$session.params.x = 1', to: 'B' }, { condition: 'true', to: 'C' }] },
            B: { entry: { say: 'at B' } },
            C: { entry: { say: 'at C' } },
          },
        }),
      ],
    });
    const sim = createSimulator({ agent: a });
    const first = await sim.session().send({ intent: 'go' });
    assert.deepEqual(texts(first), ['entered A', 'at C']);
    assert.equal(first.page, 'C');
    const second = await sim.session({ parameters: { x: 1 } }).send({ intent: 'go' });
    assert.deepEqual(texts(second), ['entered A', 'at B']);
  });
});

test('a condition route without a target runs, and evaluation goes on with the routes after it on the new state', async () => {
  const a = agent({
    intents: [intent('go')],
    flows: [
      flow('Main', {
        routes: [{ intent: 'go', to: 'Lookup' }],
        pages: {
          Lookup: {
            routes: [
              { condition: 'true', set: { found: 'yes' }, say: 'looked up' },
              { condition: '$session.params.found = "no"', to: 'Missing' },
              { condition: '$session.params.found = "yes"', to: 'Found' },
            ],
          },
          Found: { entry: { say: 'found' } },
          Missing: { entry: { say: 'missing' } },
        },
      }),
    ],
  });
  const turn = await createSimulator({ agent: a }).session().send({ intent: 'go' });
  assert.deepEqual(texts(turn), ['looked up', 'found']);
});

describe('forms', () => {
  test('prompts for each required parameter in order and transitions once the form is FINAL', async () => {
    const a = agent({
      intents: [intent('book')],
      flows: [
        flow('Main', {
          routes: [{ intent: 'book', to: 'Details' }],
          pages: {
            Details: {
              form: [
                { name: 'service', prompt: 'Which service?' },
                { name: 'note', required: false, defaultValue: 'none' },
                { name: 'day', prompt: 'Which day?' },
              ],
              routes: [{ condition: '$page.params.status = "FINAL"', say: 'Booking $session.params.service on $session.params.day ($session.params.note)', to: 'END_SESSION' }],
            },
          },
        }),
      ],
    });
    const session = createSimulator({ agent: a }).session();
    const asked = await session.send({ intent: 'book' });
    assert.deepEqual(texts(asked), ['Which service?']);
    const second = await session.send({ text: 'massage' });
    assert.deepEqual(second.match, { kind: 'parameter-filling', parameters: ['service'] });
    assert.deepEqual(texts(second), ['Which day?']);
    const done = await session.send({ text: 'monday' });
    assert.deepEqual(texts(done), ['Booking massage on monday (none)']);
    assert.equal(done.ended, true);
    assert.equal(done.page, 'End Session');
    assert.deepEqual(done.messages.at(-1), { endInteraction: {} });
  });

  test('one value fills one parameter: two parameters of the same entity type are asked for in turn', async () => {
    const a = agent({
      intents: [intent('quiz')],
      flows: [
        flow('Main', {
          routes: [{ intent: 'quiz', to: 'Quiz' }],
          pages: {
            Quiz: {
              form: [
                { name: 'age', entityType: '@sys.number-integer', prompt: 'How old are you?' },
                { name: 'weight', entityType: '@sys.number-integer', prompt: 'Your weight?' },
              ],
            },
          },
        }),
      ],
    });
    const session = createSimulator({ agent: a }).session();
    await session.send({ intent: 'quiz' });
    const turn = await session.send({ text: '34' });
    assert.deepEqual(turn.match, { kind: 'parameter-filling', parameters: ['age'] });
    assert.deepEqual(texts(turn), ['Your weight?']);
  });

  test('a session parameter of the same name fills the form on entry', async () => {
    const a = agent({
      intents: [intent('book')],
      flows: [
        flow('Main', {
          routes: [{ intent: 'book', to: 'Details' }],
          pages: { Details: { form: [{ name: 'service', prompt: 'Which service?' }], routes: [{ condition: '$page.params.status = FINAL', say: 'ok' }] } },
        }),
      ],
    });
    const turn = await createSimulator({ agent: a }).session({ parameters: { service: 'spa' } }).send({ intent: 'book' });
    assert.deepEqual(texts(turn), ['ok']);
  });

  test('no-match events count up per page and fall back to the default handler, reprompt handlers first', async () => {
    const a = agent({
      intents: [intent('book'), intent('other', ['something else entirely'])],
      flows: [
        flow('Main', {
          routes: [{ intent: 'book', to: 'Details' }],
          handlers: [{ event: 'sys.no-match-default', say: 'flow default' }, { event: 'sys.no-input-default', say: 'say something' }],
          pages: {
            Details: {
              form: [{ name: 'count', entityType: '@sys.number', prompt: 'How many?', reprompts: [{ event: 'sys.no-match-1', say: 'A number, please.' }] }],
            },
          },
        }),
      ],
    });
    const session = createSimulator({ agent: a }).session();
    await session.send({ intent: 'book' });
    const first = await session.send({ text: 'banana' });
    assert.deepEqual(first.events, ['sys.no-match-1']);
    assert.deepEqual(texts(first), ['A number, please.']);
    const second = await session.send({ text: 'banana' });
    assert.deepEqual(second.events, ['sys.no-match-2']);
    assert.deepEqual(texts(second), ['flow default']);
    const silent = await session.send({ text: '  ' });
    assert.deepEqual(silent.match, { kind: 'no-input' });
    assert.deepEqual(texts(silent), ['say something']);
    const filled = await session.send({ text: 'three' });
    assert.equal(filled.sessionParameters.count, 3);
  });
});

describe('special targets', () => {
  const twoFlows = () =>
    agent({
      intents: [intent('enter'), intent('finish'), intent('fail'), intent('again'), intent('back'), intent('restart')],
      flows: [
        flow('Main', {
          routes: [{ intent: 'enter', to: 'Caller' }],
          handlers: [{ event: 'flow.failed', say: 'sub flow failed', to: 'Failed' }],
          pages: {
            Caller: {
              entry: { say: 'calling' },
              routes: [
                { condition: '$session.params.done = true', say: 'back in main', to: 'END_SESSION' },
                { condition: 'true', to: { flow: 'Sub' } },
              ],
            },
            Failed: { entry: { say: 'on failed page' } },
          },
        }),
        flow('Sub', {
          routes: [
            { condition: 'true', to: 'Work' },
            { intent: 'finish', set: { done: true }, to: 'END_FLOW' },
            { intent: 'fail', to: 'END_FLOW_WITH_FAILURE' },
            { intent: 'again', to: 'CURRENT_PAGE' },
            { intent: 'back', to: 'PREVIOUS_PAGE' },
            { intent: 'restart', to: 'START_PAGE' },
          ],
          pages: { Work: { entry: { say: 'working' }, routes: [{ intent: 'again', say: 'next step', to: 'Step 2' }] }, 'Step 2': { entry: { say: 'step two' } } },
        }),
      ],
    });

  test('END_FLOW returns to the calling page, whose routes are evaluated again', async () => {
    const session = createSimulator({ agent: twoFlows() }).session();
    const entered = await session.send({ intent: 'enter' });
    assert.deepEqual(texts(entered), ['calling', 'working']);
    assert.equal(entered.flow, 'Sub');
    const done = await session.send({ intent: 'finish' });
    assert.deepEqual(texts(done), ['back in main']);
    assert.equal(done.flow, 'Main');
    assert.equal(done.ended, true);
  });

  test('END_FLOW_WITH_FAILURE raises flow.failed in the calling flow', async () => {
    const session = createSimulator({ agent: twoFlows() }).session();
    await session.send({ intent: 'enter' });
    const failed = await session.send({ intent: 'fail' });
    assert.deepEqual(failed.events, ['flow.failed']);
    assert.deepEqual(texts(failed), ['sub flow failed', 'on failed page']);
    assert.equal(failed.page, 'Failed');
  });

  test('human escalation and cancellation end the flow with their own events, caught by the caller', async () => {
    const a = agent({
      intents: [intent('enter'), intent('human'), intent('cancel')],
      flows: [
        flow('Main', {
          routes: [{ intent: 'enter', to: { flow: 'Sub' } }],
          handlers: [
            { event: 'flow.failed.human-escalation', say: 'connecting you to an agent' },
            { event: 'flow.cancelled', say: 'cancelled' },
          ],
        }),
        flow('Sub', { routes: [{ intent: 'human', to: 'END_FLOW_WITH_HUMAN_ESCALATION' }, { intent: 'cancel', to: 'END_FLOW_WITH_CANCELLATION' }] }),
      ],
    });
    const sim = createSimulator({ agent: a });
    const escalated = sim.session();
    await escalated.send({ intent: 'enter' });
    const human = await escalated.send({ intent: 'human' });
    assert.deepEqual([human.flow, human.events, texts(human)], ['Main', ['flow.failed.human-escalation'], ['connecting you to an agent']]);
    const cancelled = sim.session();
    await cancelled.send({ intent: 'enter' });
    const cancel = await cancelled.send({ intent: 'cancel' });
    assert.deepEqual([cancel.flow, cancel.events, texts(cancel)], ['Main', ['flow.cancelled'], ['cancelled']]);
  });

  test('CURRENT_PAGE re-enters, PREVIOUS_PAGE goes back and START_PAGE restarts the flow', async () => {
    const session = createSimulator({ agent: twoFlows() }).session();
    await session.send({ intent: 'enter' });
    const next = await session.send({ intent: 'again' });
    assert.equal(next.page, 'Step 2');
    const again = await session.send({ intent: 'again' });
    assert.deepEqual(texts(again), ['step two']);
    assert.equal(again.page, 'Step 2');
    const back = await session.send({ intent: 'back' });
    assert.equal(back.page, 'Work');
    const restart = await session.send({ intent: 'restart' });
    assert.deepEqual(texts(restart), ['working']);
  });

  test('END_FLOW of the start flow ends the conversation, and a later turn is a coded error', async () => {
    const a = agent({ intents: [intent('bye')], flows: [flow('Main', { routes: [{ intent: 'bye', say: 'bye', to: 'END_FLOW' }] })] });
    const session = createSimulator({ agent: a }).session();
    const turn = await session.send({ intent: 'bye' });
    assert.equal(turn.ended, true);
    assert.equal(turn.page, 'End Flow');
    await assert.rejects(session.send({ intent: 'bye' }), { code: 'CXH_ERR_SIMULATION' });
  });

  test('a route loop stops with a coded error instead of hanging', async () => {
    const a = agent({
      intents: [intent('go')],
      flows: [flow('Main', { routes: [{ intent: 'go', to: 'A' }], pages: { A: { routes: [{ condition: 'true', to: 'B' }] }, B: { routes: [{ condition: 'true', to: 'A' }] } } })],
    });
    await assert.rejects(createSimulator({ agent: a, maxTransitionsPerTurn: 20 }).session().send({ intent: 'go' }), /more than 20 transitions/);
  });
});

describe('fulfillments', () => {
  test('parameter presets run before messages, $flow parameters are flow scoped and null clears', async () => {
    const a = agent({
      intents: [intent('go')],
      flows: [
        flow('Main', {
          routes: [{ intent: 'go', set: { greeting: 'hello', stale: null, '$flow.count': 2 }, say: '$session.params.greeting x$flow.count' }],
        }),
      ],
    });
    const turn = await createSimulator({ agent: a }).session({ parameters: { stale: 'x' } }).send({ intent: 'go' });
    assert.deepEqual(texts(turn), ['hello x2']);
    assert.deepEqual(turn.sessionParameters, { greeting: 'hello' });
  });

  test('a preset can write a field inside a session parameter through NESTED_FIELD, as Google\'s prebuilt flows do', async () => {
    const a = agent({
      intents: [intent('go')],
      flows: [flow('Main', { routes: [{ intent: 'go', set: { '$sys.func.NESTED_FIELD("$session.params.address", "city")': 'Lyon' }, say: 'in $session.params.address.city' }] })],
    });
    const turn = await createSimulator({ agent: a }).session({ parameters: { address: { zip: '69001' } } }).send({ intent: 'go' });
    assert.deepEqual(turn.sessionParameters.address, { zip: '69001', city: 'Lyon' });
    assert.deepEqual(texts(turn), ['in Lyon']);
  });

  test('a generator answers from its stub, with its input parameters evaluated, into $request.generative', async () => {
    const a = agent({ intents: [intent('go')], flows: [flow('Main', { routes: [{ intent: 'go', say: '$request.generative.summary' }] })] });
    a.generators.set('gen-1', 'Summary');
    a.flows.get('Main')!.transitionRoutes[0]!.triggerFulfillment!.generators = [
      { generator: 'gen-1', inputParameters: { age: '$session.params.age' }, outputParameter: '$request.generative.summary' },
    ];
    const stubbed = createSimulator({ agent: a, generators: { Summary: (inputs) => `age ${String(inputs.age)}` } });
    assert.deepEqual(texts(await stubbed.session({ parameters: { age: 40 } }).send({ intent: 'go' })), ['age 40']);
    assert.deepEqual(texts(await createSimulator({ agent: a }).session().send({ intent: 'go' })), ['']);
  });

  test('conditional cases say the first case whose condition holds, recursively', async () => {
    const cases = [
      {
        cases: [
          { condition: '$session.params.tier = "gold"', caseContent: [{ message: { text: { text: ['gold'] } } }] },
          { caseContent: [{ additionalCases: { cases: [{ condition: '$session.params.tier = null', caseContent: [{ message: { text: { text: ['no tier'] } } }] }] } }] },
        ],
      },
    ];
    const a = agent({ intents: [intent('go')], flows: [flow('Main', { routes: [{ intent: 'go', cases }] })] });
    const sim = createSimulator({ agent: a });
    assert.deepEqual(texts(await sim.session({ parameters: { tier: 'gold' } }).send({ intent: 'go' })), ['gold']);
    assert.deepEqual(texts(await sim.session().send({ intent: 'go' })), ['no tier']);
  });

  test('text variants are picked by the default seeded generator, so a run repeats, and more than one variant is said', async () => {
    const a = agent({ intents: [intent('hi')], flows: [flow('Main', { routes: [{ intent: 'hi', say: 'a' }] })] });
    // One message with four variants: set by hand because the builder makes one message per text.
    a.flows.get('Main')!.transitionRoutes[0]!.triggerFulfillment!.messages = [{ text: { text: ['a', 'b', 'c', 'd'] } }];
    const said = async () => {
      const session = createSimulator({ agent: a }).session();
      const out: string[] = [];
      for (let i = 0; i < 8; i++) out.push(texts(await session.send({ intent: 'hi' }))[0]!);
      return out;
    };
    const first = await said();
    assert.deepEqual(await said(), first);
    assert.ok(new Set(first).size > 1, `always the same variant: ${first.join(',')}`);
    const turn = await createSimulator({ agent: a }).session().send({ intent: 'hi' });
    assert.deepEqual(turn.texts[0]!.variants, ['a', 'b', 'c', 'd']);
  });
});

describe('webhook calls', () => {
  test('the app gets a real WebhookRequest and its answer is applied: messages, parameters, transition', async () => {
    const seen: any[] = [];
    const app = createWebhook({ logger: quiet() }).tag('confirm', (ctx) => {
      seen.push(ctx.request);
      ctx.reply.text(`Booked at ${String(ctx.param('time'))}.`).setParam('confirmation', 'C-1');
    });
    const session = createSimulator({ agent: bookingAgent(), webhook: { app } }).session({ id: 's1' });
    await session.send({ intent: 'book' });
    const turn = await session.send({ text: '10:00' });
    assert.deepEqual(texts(turn), ['Checking.', 'Booked at 10:00.', 'Done: C-1']);
    assert.equal(turn.page, 'Done');
    assert.equal(turn.webhookCalls[0]!.outcome, 'ok');
    const request = seen[0];
    assert.equal(request.fulfillmentInfo.tag, 'confirm');
    assert.equal(request.pageInfo.displayName, 'Confirm');
    assert.match(request.pageInfo.currentPage, /^projects\/cxhook-sim\/locations\/global\/agents\/test-agent\/flows\/[^/]+\/pages\/[^/]+$/);
    assert.deepEqual(request.pageInfo.formInfo.parameterInfo, [{ displayName: 'time', required: true, state: 'FILLED', value: '10:00', justCollected: true }]);
    assert.equal(request.sessionInfo.session, 'projects/cxhook-sim/locations/global/agents/test-agent/sessions/s1');
    assert.equal(request.text, '10:00');
    assert.equal(request.intentInfo.displayName, 'book');
    assert.deepEqual(request.messages, [{ text: { text: ['Checking.'] } }]);
  });

  test('REPLACE drops the messages queued before the webhook answered', async () => {
    const app = createWebhook({ logger: quiet() }).tag('confirm', (ctx) => {
      ctx.reply.text('Only this.').merge('REPLACE');
    });
    const session = createSimulator({ agent: bookingAgent(), webhook: { app } }).session();
    await session.send({ intent: 'book' });
    const turn = await session.send({ text: '10:00' });
    assert.deepEqual(texts(turn).slice(0, 1), ['Only this.']);
  });

  test('a parameter the webhook marks INVALID is cleared and asked for again through sys.invalid-parameter', async () => {
    const app = createWebhook({ logger: quiet() }).tag('confirm', (ctx) => {
      ctx.reply.invalidate('time');
    });
    const session = createSimulator({ agent: bookingAgent(), webhook: { app } }).session();
    await session.send({ intent: 'book' });
    const turn = await session.send({ text: '10:00' });
    assert.equal(turn.page, 'Confirm');
    assert.deepEqual(turn.events, ['sys.invalid-parameter']);
    assert.deepEqual(texts(turn), ['Checking.', 'That time is taken. Another?']);
    assert.equal(turn.sessionParameters.time, undefined);
  });

  test('a failing handler answered with a 5xx raises webhook.error, whose handler takes over the transition', async () => {
    const app = createWebhook({ logger: quiet(), onError: 'status' }).tag('confirm', () => {
      throw new Error('database down');
    });
    const session = createSimulator({ agent: bookingAgent(), webhook: { app } }).session();
    await session.send({ intent: 'book' });
    const turn = await session.send({ text: '10:00' });
    assert.equal(turn.webhookCalls[0]!.outcome, 'http-error');
    assert.deepEqual(turn.events, ['webhook.error']);
    assert.deepEqual(texts(turn), ['Checking.', 'Our system is down.']);
    assert.equal(turn.page, 'Sorry');
  });

  test('a webhook slower than its configured timeout raises webhook.error.timeout', async () => {
    const session = createSimulator({
      agent: bookingAgent(),
      stubs: { confirm: () => new Promise((resolve) => setTimeout(() => resolve({}), 2000).unref()) },
    }).session();
    await session.send({ intent: 'book' });
    const turn = await session.send({ text: '10:00' });
    assert.equal(turn.webhookCalls[0]!.outcome, 'timeout');
    assert.deepEqual(turn.events, ['webhook.error.timeout']);
    assert.equal(turn.page, 'Sorry');
  });

  test('stubs answer by tag or by webhook name, canned or as a function of the request, and are contract-checked', async () => {
    const byName = createSimulator({ agent: bookingAgent(), stubs: { backend: { sessionInfo: { parameters: { confirmation: 'S-9' } } } } }).session();
    await byName.send({ intent: 'book' });
    assert.deepEqual(texts(await byName.send({ text: '9:00' })).at(-1), 'Done: S-9');

    const byTag = createSimulator({
      agent: bookingAgent(),
      stubs: { confirm: (request: any) => ({ sessionInfo: { parameters: { confirmation: `T-${request.sessionInfo.parameters.time}` } } }) },
    }).session();
    await byTag.send({ intent: 'book' });
    assert.deepEqual(texts(await byTag.send({ text: '9:00' })).at(-1), 'Done: T-9:00');

    const invalid = createSimulator({ agent: bookingAgent(), stubs: { confirm: { fulfillmentResponse: { messages: [] }, surprise: true } } }).session();
    await invalid.send({ intent: 'book' });
    const turn = await invalid.send({ text: '9:00' });
    assert.equal(turn.webhookCalls[0]!.outcome, 'invalid-response');
    assert.match(turn.webhookCalls[0]!.detail ?? '', /surprise/);
  });

  test('a webhook nobody implements raises webhook.error.not-found', async () => {
    const session = createSimulator({ agent: bookingAgent() }).session();
    await session.send({ intent: 'book' });
    const turn = await session.send({ text: '9:00' });
    assert.equal(turn.webhookCalls[0]!.outcome, 'not-implemented');
    assert.deepEqual(turn.events, ['webhook.error.not-found']);
    assert.equal(turn.page, 'Sorry');
  });

  test('turns with webhooks disabled skip the call, as CX test cases can ask', async () => {
    const session = createSimulator({ agent: bookingAgent() }).session();
    await session.send({ intent: 'book' }, { webhooks: false });
    const turn = await session.send({ text: '9:00' }, { webhooks: false });
    assert.deepEqual(turn.webhookCalls, []);
    assert.equal(turn.page, 'Done');
  });

  test('a webhook target given as a display name is refused with the page id CX needs', async () => {
    const app = createWebhook({ logger: quiet() }).tag('confirm', (ctx) => {
      ctx.reply.goToPage('Done');
    });
    const session = createSimulator({ agent: bookingAgent(), webhook: { app } }).session();
    await session.send({ intent: 'book' });
    await assert.rejects(session.send({ text: '9:00' }), /"Done" is a display name, and CX needs the page id/);
  });
});

describe('webhook calls over HTTP', () => {
  test('a URL target gets the request over HTTP; a wrong path is webhook.error.not-found, a closed port unreachable', async () => {
    const app = createWebhook({ logger: quiet() }).tag('confirm', (ctx) => {
      ctx.reply.setParam('confirmation', `H-${String(ctx.param('time'))}`);
    });
    const running = await serve({ app, port: 0, host: '127.0.0.1', logger: quiet() });
    try {
      const ok = createSimulator({ agent: bookingAgent(), webhook: { url: `${running.url}/webhook` } }).session();
      await ok.send({ intent: 'book' });
      const turn = await ok.send({ text: '8:00' });
      assert.equal(turn.webhookCalls[0]!.outcome, 'ok');
      assert.equal(turn.webhookCalls[0]!.httpStatus, 200);
      assert.deepEqual(texts(turn).at(-1), 'Done: H-8:00');

      const lost = createSimulator({ agent: bookingAgent(), webhook: { url: `${running.url}/elsewhere` } }).session();
      await lost.send({ intent: 'book' });
      const missing = await lost.send({ text: '8:00' });
      assert.equal(missing.webhookCalls[0]!.httpStatus, 404);
      assert.deepEqual(missing.events, ['webhook.error.not-found']);
    } finally {
      await running.close();
    }
    const closed = createSimulator({ agent: bookingAgent(), webhook: { url: running.url } }).session();
    await closed.send({ intent: 'book' });
    const unreachable = await closed.send({ text: '8:00' });
    assert.equal(unreachable.webhookCalls[0]!.outcome, 'unreachable');
    assert.equal(unreachable.page, 'Sorry');
  });
});

describe('sessions', () => {
  test('an unknown start flow, page or intent is a coded error naming it', async () => {
    const a = agent({ flows: [flow('Main', {})] });
    const sim = createSimulator({ agent: a });
    assert.throws(() => sim.session({ flow: 'Nope' }), { code: 'CXH_ERR_SIMULATION', message: /flow "Nope"/ });
    assert.throws(() => sim.session({ page: 'Nowhere' }), /page "Nowhere"/);
    await assert.rejects(sim.session().send({ intent: 'missing' }), /intent "missing"/);
  });

  test('a custom event is handled by the flow when the page has no handler for it', async () => {
    const a = agent({ flows: [flow('Main', { handlers: [{ event: 'custom.ping', say: 'pong' }] })] });
    const turn = await createSimulator({ agent: a }).session().send({ event: 'custom.ping' });
    assert.deepEqual(turn.match, { kind: 'event', event: 'custom.ping' });
    assert.deepEqual(texts(turn), ['pong']);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findPage, flowById, intentById, loadAgent, routeGroupsOf } from '../../../src/agent/index.ts';
import { minimalExport, writeExport } from './helpers.ts';

const PREFIX = 'projects/p/locations/global/agents/a';
const START = 'flows/Default Start Flow/Default Start Flow.json';
const MENU = 'flows/Default Start Flow/pages/Menu.json';

test('test cases carry every input kind, webhook switch, injected parameters and expectations', async () => {
  const agent = await loadAgent(
    writeExport({
      ...minimalExport(),
      'testCases/order flow.json': {
        name: 'tc-1',
        displayName: 'order flow',
        tags: ['#smoke'],
        notes: 'happy path',
        languageCode: 'en',
        testConfig: { flow: 'Default Start Flow', page: 'Start Page', trackingParameters: [] },
        testCaseConversationTurns: [
          {
            userInput: { input: { text: { text: 'hi' }, languageCode: 'en' }, injectedParameters: { channel: 'web' }, enableSentimentAnalysis: false },
            virtualAgentOutput: {
              triggeredIntent: { name: 'Default Welcome Intent' },
              currentPage: { name: 'Menu', flow: 'Default Start Flow' },
              textResponses: [{ text: ['Menu'] }, {}],
              sessionParameters: { channel: 'web', size: 'small' },
            },
            expectations: { expectedSessionParameters: [{ key: 'size', value: 'large' }] },
          },
          { userInput: { input: { event: { event: 'custom.ping' } }, isWebhookEnabled: false }, virtualAgentOutput: { currentPage: { name: `${PREFIX}/flows/00000000-0000-0000-0000-000000000000/pages/END_SESSION` } } },
          { userInput: { input: { dtmf: { digits: '12', finishDigit: '#' } } } },
          { userInput: { input: { intent: { intent: `${PREFIX}/intents/00000000-0000-0000-0000-000000000000` } } }, virtualAgentOutput: { currentFlow: { name: 'Default Start Flow' } } },
        ],
        creationTime: { seconds: 1709328463, nanos: 885539000 },
      },
    }),
  );
  assert.equal(agent.testCases.length, 1);
  const [testCase] = agent.testCases;
  assert.equal(testCase?.id, 'tc-1');
  assert.deepEqual(testCase?.tags, ['#smoke']);
  assert.equal(testCase?.notes, 'happy path');
  assert.equal(testCase?.flow, 'Default Start Flow');
  assert.equal(testCase?.page, 'Start Page');
  assert.equal(testCase?.source.file, 'testCases/order flow.json');
  const [first, second, third, fourth] = testCase?.turns ?? [];
  assert.deepEqual(first, {
    input: { kind: 'text', text: 'hi' },
    languageCode: 'en',
    injectedParameters: { channel: 'web' },
    isWebhookEnabled: true,
    expected: {
      intent: 'Default Welcome Intent',
      page: 'Menu',
      flow: 'Default Start Flow',
      textResponses: [['Menu'], []],
      sessionParameters: { channel: 'web', size: 'large' },
    },
  });
  assert.deepEqual(second?.input, { kind: 'event', event: 'custom.ping' });
  assert.equal(second?.isWebhookEnabled, false);
  assert.equal(second?.expected.page, 'End Session', 'a special page id reads as its export name');
  assert.deepEqual(third?.input, { kind: 'dtmf', digits: '12#' });
  assert.deepEqual(third?.expected, {});
  assert.deepEqual(fourth?.input, { kind: 'intent', intent: 'Default Welcome Intent' });
  assert.equal(fourth?.expected.flow, 'Default Start Flow');
  assert.deepEqual(agent.problems, []);
});

test('references written as resource names resolve by their last segment to display names', async () => {
  const agent = await loadAgent(
    writeExport({
      ...minimalExport(),
      [START]: {
        name: '00000000-0000-0000-0000-000000000000',
        displayName: 'Default Start Flow',
        transitionRoutes: [
          { intent: `${PREFIX}/intents/00000000-0000-0000-0000-000000000000`, targetPage: `${PREFIX}/flows/00000000-0000-0000-0000-000000000000/pages/p-menu` },
          { condition: 'true', targetPage: `${PREFIX}/flows/00000000-0000-0000-0000-000000000000/pages/END_FLOW_WITH_CANCELLATION` },
          { condition: '$session.params.x = 1', targetFlow: `${PREFIX}/flows/f-billing` },
        ],
        eventHandlers: [{ event: 'custom', triggerFulfillment: { webhook: `${PREFIX}/webhooks/w-orders`, tag: 't' }, targetPage: 'START_PAGE' }],
        transitionRouteGroups: [`${PREFIX}/flows/00000000-0000-0000-0000-000000000000/transitionRouteGroups/g-help`],
      },
      'flows/Default Start Flow/transitionRouteGroups/help.json': { name: 'g-help', displayName: 'help', transitionRoutes: [] },
      'flows/Billing/Billing.json': { name: 'f-billing', displayName: 'Billing' },
      'webhooks/orders.json': { name: 'w-orders', displayName: 'orders', genericWebService: { uri: 'https://orders.example' } },
    }),
  );
  const flow = agent.flows.get('Default Start Flow');
  const [byIntent, cancel, toBilling] = flow?.transitionRoutes ?? [];
  assert.equal(byIntent?.intent, 'Default Welcome Intent');
  assert.deepEqual(byIntent?.target, { kind: 'page', flow: 'Default Start Flow', page: 'Menu' });
  assert.deepEqual(cancel?.target, { kind: 'special', special: 'END_FLOW_WITH_CANCELLATION' });
  assert.deepEqual(toBilling?.target, { kind: 'flow', flow: 'Billing' });
  assert.equal(flow?.eventHandlers[0]?.triggerFulfillment?.webhook, 'orders');
  assert.deepEqual(flow?.eventHandlers[0]?.target, { kind: 'special', special: 'START_PAGE' });
  assert.deepEqual(flow?.transitionRouteGroups, ['help']);
  assert.deepEqual(agent.problems, []);
});

test('route groups: flow-level ones resolve before agent-level ones, and an agent-level page target has no flow of its own', async () => {
  const agent = await loadAgent(
    writeExport({
      ...minimalExport(),
      [MENU]: { name: 'p-menu', displayName: 'Menu', transitionRouteGroups: ['global help', 'faq', 'help'] },
      'flows/Default Start Flow/transitionRouteGroups/help.json': { name: 'g-flow-help', displayName: 'help', transitionRoutes: [{ intent: 'Default Welcome Intent', targetPage: 'Menu' }] },
      'flows/Default Start Flow/transitionRouteGroups/faq.json': { name: 'g-faq', displayName: 'faq', transitionRoutes: [] },
      'agentTransitionRouteGroups/help.json': { name: 'g-agent-help', displayName: 'help', transitionRoutes: [] },
      'agentTransitionRouteGroups/global help.json': { name: 'g-global', displayName: 'global help', transitionRoutes: [{ intent: 'Default Welcome Intent', targetPage: 'Menu' }] },
    }),
  );
  const flow = agent.flows.get('Default Start Flow')!;
  assert.deepEqual([...flow.routeGroups.keys()].sort(), ['faq', 'help']);
  assert.deepEqual([...agent.routeGroups.keys()].sort(), ['global help', 'help']);
  const groups = routeGroupsOf(agent, flow, ['global help', 'faq', 'help']);
  assert.deepEqual(
    groups.map((group) => [group.displayName, group.scope, group.id]),
    [
      ['faq', 'flow', 'g-faq'],
      ['help', 'flow', 'g-flow-help'],
      ['global help', 'agent', 'g-global'],
    ],
  );
  assert.deepEqual(routeGroupsOf(agent, 'Default Start Flow', ['missing']), []);
  assert.deepEqual(flow.routeGroups.get('help')?.transitionRoutes[0]?.target, { kind: 'page', flow: 'Default Start Flow', page: 'Menu' });
  assert.deepEqual(agent.routeGroups.get('global help')?.transitionRoutes[0]?.target, { kind: 'page', flow: '', page: 'Menu' });
  assert.deepEqual(agent.problems, []);
});

test('older and hand-edited exports load: no displayName or name, "True" conditions, empty fulfillments, unknown keys and folders', async () => {
  const agent = await loadAgent(
    writeExport({
      'agent.json': { defaultLanguageCode: 'en', supportedLanguageCodes: ['es', 'en'], someFutureSetting: { a: 1 } },
      'flows/Default Start Flow/Default Start Flow.json': { transitionRoutes: [{ condition: 'True', triggerFulfillment: {}, targetPage: '> pick' }], futureKey: [] },
      'flows/Default Start Flow/pages/%3e pick.json': { form: {}, entryFulfillment: {}, knowledgeConnectorSettings: { enabled: true } },
      'playbooks/Helper/Helper.json': { name: 'pb-1', displayName: 'Helper', goal: 'help' },
      'tools/Search/Search.json': { displayName: 'Search' },
      'tools/Search/schema.yaml': 'openapi: 3.0.0',
      'dataStoreSettings/x.json': {},
      'notes.txt': 'not part of the export',
    }),
  );
  const flow = agent.flows.get('Default Start Flow');
  assert.ok(flow, 'the flow is named after its folder');
  assert.equal(flow.id, 'Default Start Flow', 'without a name, the display name stands in as id');
  assert.equal(flow.transitionRoutes[0]?.condition, 'True');
  assert.deepEqual(flow.transitionRoutes[0]?.triggerFulfillment?.messages, []);
  const page = flow.pages.get('> pick');
  assert.ok(page, 'the page is named after its decoded file name');
  assert.deepEqual(page.form, []);
  assert.equal(agent.startFlow, 'Default Start Flow', 'Default Start Flow when agent.json names no start');
  assert.deepEqual(agent.supportedLanguageCodes, ['en', 'es']);
  assert.deepEqual(agent.playbooks, ['Helper']);
  assert.deepEqual(agent.unsimulated, ['dataStoreSettings', 'playbooks', 'tools']);
  assert.deepEqual(flow.transitionRoutes[0]?.target, { kind: 'page', flow: 'Default Start Flow', page: '> pick' });
  assert.deepEqual(agent.problems, []);
});

test('a playbook-first agent has no start flow; a renamed Default Start Flow is found by its all-zero id', async () => {
  const playbookFirst = await loadAgent(writeExport({ ...minimalExport(), 'agent.json': { defaultLanguageCode: 'en', startPlaybook: 'Helper' }, 'playbooks/Helper/Helper.json': { name: 'pb', displayName: 'Helper' } }));
  assert.equal(playbookFirst.startFlow, undefined);
  assert.equal(playbookFirst.startPlaybook, 'Helper');
  assert.deepEqual(playbookFirst.problems, []);

  const files = minimalExport();
  const start = files[START] as Record<string, unknown>;
  delete files[START];
  const renamed = await loadAgent(writeExport({ ...files, 'flows/Main/Main.json': { ...start, displayName: 'Main' }, 'flows/Main/pages/Menu.json': files[MENU] }));
  assert.equal(renamed.startFlow, 'Main');
  assert.equal(flowById(renamed, '00000000-0000-0000-0000-000000000000')?.displayName, 'Main');
});

test('intents: priority 0 reads as 500000, labels from a key/value list, phrases of every language', async () => {
  const agent = await loadAgent(
    writeExport({
      ...minimalExport(),
      'intents/order/order.json': {
        name: 'i-order',
        displayName: 'order',
        priority: 0,
        labels: [{ key: 'sys-head', value: 'sys-head' }, { key: 'team', value: 'sales' }],
        parameters: [{ id: 'size', entityType: '@size', isList: true }],
        description: 'orders',
      },
      'intents/order/trainingPhrases/en.json': { trainingPhrases: [{ id: 'tp1', parts: [{ text: 'a ' }, { text: 'large', parameterId: 'size', auto: true }, { text: ' one' }], repeatCount: 2, languageCode: 'en' }] },
      'intents/order/trainingPhrases/es.json': { trainingPhrases: [{ parts: [{ text: 'uno grande' }] }] },
      'intents/ignored/ignored.json': { name: 'i-ignored', displayName: 'ignored', priority: -1 },
      'entityTypes/size/size.json': { name: 'e-size', displayName: 'size', kind: 'KIND_MAP', autoExpansionMode: 'AUTO_EXPANSION_MODE_DEFAULT', enableFuzzyExtraction: true },
      'entityTypes/size/entities/en.json': { entities: [{ value: 'large', synonyms: ['large', 'big'], languageCode: 'en' }] },
      'entityTypes/size/entities/es.json': { entities: [{ value: 'grande' }] },
    }),
  );
  const order = agent.intents.get('order');
  assert.equal(order?.priority, 500000);
  assert.equal(agent.intents.get('ignored')?.priority, -1);
  assert.deepEqual(order?.labels, { 'sys-head': 'sys-head', team: 'sales' });
  assert.deepEqual(order?.parameters, [{ id: 'size', entityType: '@size', isList: true, redact: false }]);
  assert.equal(order?.description, 'orders');
  assert.deepEqual(order?.trainingPhrases, [
    { id: 'tp1', parts: [{ text: 'a ' }, { text: 'large', parameterId: 'size' }, { text: ' one' }], repeatCount: 2, languageCode: 'en' },
    { parts: [{ text: 'uno grande' }], repeatCount: 1, languageCode: 'es' },
  ]);
  assert.equal(intentById(agent, 'i-order'), order);
  const size = agent.entityTypes.get('size');
  assert.equal(size?.autoExpansion, true);
  assert.equal(size?.fuzzyExtraction, true);
  assert.deepEqual(size?.entities, [
    { value: 'large', synonyms: ['large', 'big'], languageCode: 'en' },
    { value: 'grande', synonyms: ['grande'], languageCode: 'es' },
  ]);
  assert.deepEqual(agent.problems, []);
});

test('flows: a 0 threshold is the CX default, float32 noise is rounded away; findPage knows the start page by name and id', async () => {
  const files = minimalExport();
  const agent = await loadAgent(
    writeExport({
      ...files,
      [START]: { ...(files[START] as object), nluSettings: { classificationThreshold: 0 } },
      'flows/Strict/Strict.json': { name: 'f-strict', displayName: 'Strict', nluSettings: { classificationThreshold: 0.69999999 } },
    }),
  );
  assert.equal(agent.flows.get('Default Start Flow')?.classificationThreshold, 0.3);
  assert.equal(agent.flows.get('Strict')?.classificationThreshold, 0.7);
  const flow = agent.flows.get('Default Start Flow');
  assert.equal(findPage(agent, 'Default Start Flow', 'START_PAGE'), flow?.startPage);
  assert.equal(findPage(agent, flow!, 'Menu')?.id, 'p-menu');
  assert.equal(findPage(agent, 'Default Start Flow', 'Nope'), undefined);
  assert.equal(findPage(agent, 'Nope', 'Start Page'), undefined);
});

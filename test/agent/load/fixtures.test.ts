import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { findPage, loadAgent } from '../../../src/agent/index.ts';
import { fixtureAgent } from './helpers.ts';

const graffitiDir = fixtureAgent('goodbye-graffiti');
const graffiti = await loadAgent(graffitiDir);
const divebooker = await loadAgent(fixtureAgent('divebooker'));
const bloodDonation = await loadAgent(fixtureAgent('blood-donation'));

const pageFiles = (dir: string, flow: string) => readdirSync(path.join(dir, 'flows', flow, 'pages')).filter((name) => name.endsWith('.json'));

describe('goodbye-graffiti', () => {
  test('loads its three flows with the pages each one has on disk', () => {
    assert.deepEqual([...graffiti.flows.keys()], ['Address Collection', 'Default Start Flow', 'Waiting Room']);
    assert.equal(graffiti.flows.get('Address Collection')?.pages.size, 21);
    assert.equal(graffiti.flows.get('Default Start Flow')?.pages.size, 5);
    assert.equal(graffiti.flows.get('Waiting Room')?.pages.size, 2);
    for (const flow of graffiti.flows.values()) assert.equal(flow.pages.size, pageFiles(graffitiDir, flow.displayName).length);
  });

  test('decodes percent-encoded page file names and keeps the encoded file as the source', () => {
    const page = graffiti.flows.get('Address Collection')?.pages.get('> collect address');
    assert.ok(page, 'page "> collect address" is loaded under its decoded name');
    assert.equal(page.flow, 'Address Collection');
    assert.equal(page.id, '74a6b6d8-47e4-4ce4-90ca-acfe62b193a3');
    assert.equal(page.source.file, 'flows/Address Collection/pages/%3e collect address.json');
    assert.equal(page.form[0]?.displayName, '$flow.user_provided_address');
    assert.equal(page.form[0]?.entityType, '@sys.address');
  });

  test('loads 23 intents, two entity types and both webhooks, one of them FLEXIBLE with its mapping', () => {
    assert.equal(graffiti.intents.size, 23);
    assert.deepEqual([...graffiti.entityTypes.keys()].sort(), ['type-of-property', 'what-is-damaged']);
    assert.equal(graffiti.webhooks.size, 2);
    const lookup = graffiti.webhooks.get('lookup_place');
    assert.equal(lookup?.kind, 'STANDARD');
    assert.equal(lookup?.timeoutMs, 5000);
    assert.equal(lookup?.hasCredentials, false);
    const flexible = graffiti.webhooks.get('prebuilt_components_address_collection:address_validation');
    assert.equal(flexible?.kind, 'FLEXIBLE');
    assert.equal(flexible?.httpMethod, 'POST');
    assert.equal(flexible?.requestBody, '{\n  "address": "$flow.request_body"\n}');
    assert.equal(Object.keys(flexible?.parameterMapping ?? {}).length, 13);
    assert.equal(flexible?.parameterMapping['$flow.api_response'], '$.result');
    assert.equal(flexible?.hasCredentials, true, 'the export sets a username');
  });

  test('reads every training phrase of an intent with its parts and parameter annotations', () => {
    const intent = graffiti.intents.get('head.report-graffiti');
    const file = JSON.parse(readFileSync(path.join(graffitiDir, 'intents/head.report-graffiti/head.report-graffiti.json'), 'utf8')) as { numTrainingPhrases: number };
    assert.equal(intent?.trainingPhrases.length, file.numTrainingPhrases);
    assert.deepEqual(intent?.trainingPhrases[0]?.parts, [{ text: 'Someone damaged the main ' }, { text: 'fountain', parameterId: 'type-of-property' }, { text: ' in the park with graffiti' }]);
    assert.equal(intent?.trainingPhrases[0]?.languageCode, 'en');
    assert.deepEqual(intent?.parameters.map((parameter) => parameter.id), ['date-time', 'location', 'type-of-property']);
    assert.equal(graffiti.intents.get('Default Negative Intent')?.isFallback, true);
    assert.equal(graffiti.intents.get('Default Welcome Intent')?.isFallback, false);
  });

  test('resolves special targets, page targets in the owning flow and flow targets', () => {
    const failure = graffiti.flows.get('Address Collection')?.pages.get('end failure');
    assert.deepEqual(failure?.transitionRoutes[0]?.target, { kind: 'special', special: 'END_FLOW_WITH_FAILURE' });
    const start = graffiti.flows.get('Default Start Flow');
    assert.deepEqual(start?.transitionRoutes[1]?.target, { kind: 'page', flow: 'Default Start Flow', page: 'Enter Location' });
    const enter = start?.pages.get('Enter Location');
    assert.ok(enter?.transitionRoutes.some((route) => route.target?.kind === 'flow' && route.target.flow === 'Address Collection'));
    const targets = [...graffiti.flows.values()].flatMap((flow) => [...flow.pages.values()].flatMap((page) => [...page.transitionRoutes, ...page.eventHandlers, ...page.form.flatMap((parameter) => parameter.repromptEventHandlers)]));
    const specials = new Set(targets.flatMap((item) => (item.target?.kind === 'special' ? [item.target.special] : [])));
    assert.deepEqual([...specials].sort(), ['CURRENT_PAGE', 'END_FLOW', 'END_FLOW_WITH_FAILURE', 'END_FLOW_WITH_HUMAN_ESCALATION', 'PREVIOUS_PAGE']);
  });

  test('builds the flow start page from the flow file routes and handlers', () => {
    const flow = graffiti.flows.get('Default Start Flow');
    assert.equal(flow?.startPage.id, 'START_PAGE');
    assert.equal(flow?.startPage.displayName, 'Start Page');
    assert.equal(flow?.startPage.flow, 'Default Start Flow');
    assert.deepEqual(flow?.startPage.transitionRoutes.map((route) => route.intent), ['Default Welcome Intent', 'head.report-graffiti']);
    assert.deepEqual(flow?.startPage.eventHandlers.map((handler) => handler.event), ['sys.no-match-default', 'sys.no-input-default']);
    assert.equal(findPage(graffiti, 'Default Start Flow', 'Start Page'), flow?.startPage);
  });

  test('keeps fulfillments with their webhook, tag, conditional cases and JSON path', () => {
    const enter = graffiti.flows.get('Default Start Flow')?.pages.get('Enter Location');
    const route = enter?.transitionRoutes[0];
    assert.equal(route?.condition, '$page.params.status = "FINAL"');
    assert.equal(route?.triggerFulfillment?.webhook, 'lookup_place');
    assert.equal(route?.triggerFulfillment?.tag, 'geocode');
    assert.deepEqual(route?.triggerFulfillment?.source, { file: 'flows/Default Start Flow/pages/Enter Location.json', path: '$.transitionRoutes[0].triggerFulfillment' });
    const cases = enter?.entryFulfillment?.conditionalCases[0]?.cases;
    assert.equal(cases?.length, 2);
    assert.equal(cases?.[0]?.condition, '$session.params.type-of-property = "residential"');
    assert.equal(cases?.[1]?.condition, undefined);
    const content = cases?.[1]?.caseContent[0];
    assert.ok(content && 'message' in content);
    assert.match(content.message.text?.text?.[0] ?? '', /^Thank you for calling/);
  });

  test('lists the generators by id and the top-level folders it does not simulate', () => {
    assert.equal(graffiti.generators.get('ab2b6c06-c44d-40aa-9f8a-ef16d3896c02'), 'Welcome Generator');
    assert.equal(graffiti.generators.size, 2);
    assert.deepEqual(graffiti.unsimulated, ['generativeSettings', 'generators']);
    assert.deepEqual(graffiti.playbooks, []);
  });

  test('reads the agent settings, the 0.30000001 threshold as 0.3, and reports no problems', () => {
    assert.equal(graffiti.defaultLanguageCode, 'en');
    assert.deepEqual(graffiti.supportedLanguageCodes, ['en']);
    assert.equal(graffiti.timeZone, 'America/Los_Angeles');
    assert.equal(graffiti.displayName, undefined, 'this older export has no displayName');
    assert.equal(graffiti.startFlow, 'Default Start Flow');
    assert.equal(graffiti.flows.get('Waiting Room')?.classificationThreshold, 0.3);
    assert.deepEqual(graffiti.problems, []);
    assert.equal(graffiti.origin, graffitiDir);
  });
});

describe('divebooker', () => {
  test('starts in its Liveaboards flow, which has one page', () => {
    assert.equal(divebooker.startFlow, 'Liveaboards');
    assert.deepEqual([...divebooker.flows.keys()], ['Liveaboards']);
    assert.deepEqual([...(divebooker.flows.get('Liveaboards')?.pages.keys() ?? [])], ['Collect Further Info']);
    assert.equal(divebooker.intents.size, 3);
    assert.equal(divebooker.webhooks.size, 0);
  });

  test('loads the form of Collect Further Info: four required parameters with prompts and reprompts', () => {
    const page = findPage(divebooker, 'Liveaboards', 'Collect Further Info');
    assert.deepEqual(
      page?.form.map((parameter) => [parameter.displayName, parameter.entityType, parameter.required, parameter.isList]),
      [
        ['destination', '@destination', true, false],
        ['departure-month', '@sys.date-period', true, false],
        ['number-of-guests', '@number-of-guests', true, false],
        ['email-address', '@sys.email', true, false],
      ],
    );
    const destination = page?.form[0];
    assert.match(destination?.initialPrompt?.messages[0]?.text?.text?.[0] ?? '', /^Where would you like to go\?/);
    assert.equal(destination?.repromptEventHandlers[0]?.event, 'sys.no-match-default');
    assert.equal(destination?.repromptEventHandlers[0]?.source.path, '$.form.parameters[0].fillBehavior.repromptEventHandlers[0]');
    assert.equal(page?.transitionRoutes[0]?.condition, '$page.params.status = "FINAL"');
  });

  test('loads entity types with their kind, entities and excluded phrases', () => {
    const destination = divebooker.entityTypes.get('destination');
    assert.equal(destination?.kind, 'KIND_MAP');
    assert.deepEqual(destination?.entities.map((entity) => entity.value), ['Galapagos Islands', 'Mexico', 'Costa Rica']);
    assert.deepEqual(destination?.entities[1]?.synonyms, ['Guadalupe Islands', 'Mexico', 'Sea of Cortez', 'Socorro Islands']);
    assert.deepEqual(destination?.excludedPhrases, [{ value: 'Europe', languageCode: 'en' }]);
    assert.equal(divebooker.entityTypes.get('number-of-guests')?.kind, 'KIND_REGEXP');
  });

  test('has a route with an empty trigger fulfillment that still targets its page', () => {
    const route = divebooker.flows.get('Liveaboards')?.transitionRoutes[1];
    assert.equal(route?.intent, 'head.send.group.request');
    assert.deepEqual(route?.triggerFulfillment?.messages, []);
    assert.deepEqual(route?.target, { kind: 'page', flow: 'Liveaboards', page: 'Collect Further Info' });
    assert.deepEqual(divebooker.problems, []);
  });
});

describe('blood-donation', () => {
  test('loads its flow, page, intents and generators, with no webhooks or entity types', () => {
    assert.equal(bloodDonation.startFlow, 'Default Start Flow');
    assert.deepEqual([...(bloodDonation.flows.get('Default Start Flow')?.pages.keys() ?? [])], ['Eligibility Quiz']);
    assert.deepEqual([...bloodDonation.intents.keys()].sort(), ['Default Negative Intent', 'Default Welcome Intent', 'confirmation.yes', 'take.eligibility-quiz']);
    assert.equal(bloodDonation.entityTypes.size, 0);
    assert.equal(bloodDonation.webhooks.size, 0);
    assert.deepEqual([...bloodDonation.generators.values()].sort(), ['Blood Donation Eligibility', 'Welcome Generator']);
    assert.deepEqual(bloodDonation.unsimulated, ['generativeSettings', 'generators']);
    assert.deepEqual(bloodDonation.problems, []);
  });
});

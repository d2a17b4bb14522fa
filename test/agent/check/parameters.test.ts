// Rules unread-parameter, unwritten-parameter and parameters-unchecked: who reads and who writes
// each session parameter, the agent or the app (by its declarations).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAgent, type Finding } from '../../../src/agent/check/index.ts';
import { sessionReferences, sessionTargets, valueReferences } from '../../../src/agent/check/parameter-usage.ts';
import { agent, app, call, flow, formParameter, fulfillment, intent, page, route, say, webhook } from './build.ts';

const rule = (findings: Finding[], id: string) => findings.filter((finding) => finding.rule === id);
const names = (findings: Finding[], id: string) => rule(findings, id).map((finding) => /parameter "([^"]+)"/.exec(finding.message)?.[1]);

test('session references are found by name, without their fields or indexes', () => {
  assert.deepEqual(sessionReferences('$session.params.end_date.endDate.year > 2020 AND $session.params.items[0] = "x" OR $session.params.type-of-property : "res"'), [
    'end_date',
    'items',
    'type-of-property',
  ]);
  assert.deepEqual(sessionReferences('$page.params.status = "FINAL" AND $flow.x = 1'), []);
});

test('references inside any JSON value are found, in nested payloads and quoted function arguments, each once', () => {
  const payload = { richContent: [[{ title: 'To $session.params.destination', options: [{ text: '$sys.func.IF("$session.params.vip = true", "VIP", "$session.params.destination")' }] }]] };
  assert.deepEqual(valueReferences(payload), ['destination', 'vip']);
  assert.deepEqual(valueReferences({ text: 'say "$session.params.quoted"\n$session.params.next' }), ['quoted', 'next'], 'escaping in the JSON text does not join names');
  assert.deepEqual(valueReferences(undefined), []);
});

test('a preset, mapping or form parameter writes a session parameter when named plainly, as $session.params or as a nested field', () => {
  assert.deepEqual(sessionTargets('city'), ['city']);
  assert.deepEqual(sessionTargets('$session.params.city'), ['city']);
  assert.deepEqual(sessionTargets('$sys.func.NESTED_FIELD("$session.params.address", "route")'), ['address']);
  assert.deepEqual(sessionTargets('$flow.city'), []);
  assert.deepEqual(sessionTargets('$page.params.city'), []);
  assert.deepEqual(sessionTargets('$flow.note_about_$session.params.x'), [], 'a flow parameter is not a session one, whatever its name says');
  assert.deepEqual(sessionTargets(''), [], 'an empty name sets nothing');
});

/**
 * Page "Ask" has form parameter `city` and a route with intent `order` (parameter `product`) whose
 * fulfillment presets `$flow.note` and `stage`; page "Tell" reads the three session parameters, `mood`
 * (in a conditional case) and `ghost`; a FLEXIBLE webhook maps `region` and reads `street` in its body.
 */
function shopAgent() {
  const tell = fulfillment({
    messages: [{ text: { text: ['Sending $session.params.product to $session.params.city at $session.params.stage'] } }],
    conditionalCases: [{ cases: [{ condition: '$session.params.mood = "happy"', caseContent: [{ message: { text: { text: ['Great'] } } }] }] }],
    setParameterActions: [{ parameter: 'summary', value: { text: '$session.params.ghost and $session.params.region' } }],
  });
  return agent({
    intents: [intent('order', ['product'])],
    webhooks: [webhook('main'), webhook('flex', { kind: 'FLEXIBLE', requestBody: '{"street": "$session.params.street"}', parameterMapping: { region: '$.region', '$flow.raw': '$' } })],
    flows: [
      flow('F', {
        pages: [
          page('Ask', {
            form: [formParameter('city')],
            transitionRoutes: [
              route({
                intent: 'order',
                condition: '$session.params.mood != null',
                triggerFulfillment: fulfillment({ setParameterActions: [{ parameter: '$flow.note', value: 1 }, { parameter: 'stage', value: 'ordered' }] }),
              }),
            ],
          }),
          page('Tell', { entryFulfillment: tell }),
          page('Weather', { entryFulfillment: call('main', 'weather') }),
          page('Validate', { entryFulfillment: call('flex', 'validate') }),
        ],
      }),
    ],
  });
}

const declaring = (declared: { route: string; reads?: string[]; writes?: string[] }[], extra: Parameters<typeof app>[0] = {}) =>
  app({ tags: ['weather'], hasFallback: true, source: 'app.ts', declared: declared.map((entry) => ({ route: entry.route, reads: entry.reads ?? [], writes: entry.writes ?? [] })), ...extra });

test('parameters read but written by neither the agent nor the app are reported once each, where first read', () => {
  const findings = checkAgent(shopAgent(), declaring([{ route: 'tag:weather', writes: ['mood'] }, { route: 'fallback' }]));
  assert.deepEqual(names(findings, 'unwritten-parameter').sort(), ['ghost', 'street']);
  const ghost = rule(findings, 'unwritten-parameter').find((finding) => finding.message.includes('"ghost"'));
  assert.equal(ghost?.file, 'flows/F/pages/Tell.json');
  assert.equal(ghost?.jsonPath, '$.entryFulfillment');
  assert.equal(ghost?.severity, 'warning');
  assert.equal(ghost?.page, 'Tell');
  const street = rule(findings, 'unwritten-parameter').find((finding) => finding.message.includes('"street"'));
  assert.equal(street?.file, 'webhooks/flex.json');
});

test('a parameter read in several places says how many more', () => {
  const findings = checkAgent(shopAgent(), declaring([{ route: 'tag:weather', writes: ['mood', 'ghost', 'street'] }, { route: 'fallback' }]));
  assert.deepEqual(rule(findings, 'unwritten-parameter'), []);
  const twice = agent({ flows: [flow('F', { pages: [page('A', { entryFulfillment: say('$session.params.x'), transitionRoutes: [route({ condition: '$session.params.x = 1' })] })] })] });
  const [finding] = rule(checkAgent(twice), 'unwritten-parameter');
  assert.match(finding?.message ?? '', /"x" \(and 1 more place\)/);
  assert.equal(finding?.jsonPath, '$.entryFulfillment');
});

test('app-written parameters that no one reads are warnings on the declaring route; ones the app reads itself are not', () => {
  const findings = checkAgent(
    shopAgent(),
    declaring([
      { route: 'tag:weather', reads: ['cache_key'], writes: ['mood', 'temperature', 'cache_key', 'city'] },
      { route: 'fallback', writes: ['temperature'] },
    ]),
  );
  const unread = rule(findings, 'unread-parameter');
  assert.deepEqual(names(findings, 'unread-parameter'), ['temperature']);
  assert.equal(unread[0]?.file, 'app.ts');
  assert.equal(unread[0]?.jsonPath, 'tag:weather');
  assert.match(unread[0]?.message ?? '', /\(tag:weather, fallback\)/);
});

test('app reads that nothing writes are reported on the app; reads the agent writes are fine', () => {
  const findings = checkAgent(shopAgent(), declaring([{ route: 'tag:weather', reads: ['city', 'location'], writes: ['mood', 'ghost', 'street'] }, { route: 'fallback' }]));
  const unwritten = rule(findings, 'unwritten-parameter');
  assert.deepEqual(names(findings, 'unwritten-parameter'), ['location']);
  assert.equal(unwritten[0]?.jsonPath, 'tag:weather');
  assert.equal(unwritten[0]?.file, 'app.ts');
});

test('handlers the agent cannot reach do not count: an unused tag handler neither writes nor reads', () => {
  const findings = checkAgent(
    shopAgent(),
    declaring([{ route: 'tag:weather', writes: ['mood'] }, { route: 'tag:unused', reads: ['nobody'], writes: ['ghost', 'street', 'spare'] }, { route: 'fallback' }], { tags: ['weather', 'unused'] }),
  );
  assert.deepEqual(names(findings, 'unwritten-parameter').sort(), ['ghost', 'street']);
  assert.deepEqual(rule(findings, 'unread-parameter'), []);
});

test('when the agent calls the app but no app is given, one note replaces both rules', () => {
  const findings = checkAgent(shopAgent());
  assert.deepEqual(rule(findings, 'unwritten-parameter'), []);
  const notes = rule(findings, 'parameters-unchecked');
  assert.equal(notes.length, 1);
  assert.equal(notes[0]?.severity, 'note');
  assert.match(notes[0]?.message ?? '', /webhook "main" and no app was given/);
});

test('when the reachable routes declare nothing, one note on the app replaces both rules', () => {
  const findings = checkAgent(shopAgent(), app({ tags: ['weather'], hasFallback: true, source: 'app.ts', declared: [{ route: 'tag:other', reads: [], writes: ['x'] }] }));
  assert.deepEqual(rule(findings, 'unwritten-parameter'), []);
  assert.deepEqual(rule(findings, 'unread-parameter'), []);
  const notes = rule(findings, 'parameters-unchecked');
  assert.equal(notes.length, 1);
  assert.equal(notes[0]?.file, 'app.ts');
  assert.match(notes[0]?.message ?? '', /declares no session parameters on the routes the agent reaches \(tag:weather, fallback\)/);
});

test('routes reached without a declaration are named in a note and taken to use no parameters', () => {
  const findings = checkAgent(shopAgent(), declaring([{ route: 'tag:weather', writes: ['mood', 'ghost', 'street'] }]));
  const notes = rule(findings, 'parameters-unchecked');
  assert.equal(notes.length, 1);
  assert.equal(notes[0]?.jsonPath, 'fallback');
  assert.match(notes[0]?.message ?? '', /fallback declares no session parameters and was taken to use none/);
  assert.deepEqual(rule(findings, 'unwritten-parameter'), []);
});

test('an agent that calls no app webhook is checked alone, with or without an app', () => {
  const alone = agent({ flows: [flow('F', { pages: [page('A', { form: [formParameter('date')], entryFulfillment: say('On $session.params.date for $session.params.name') })] })] });
  for (const described of [undefined, app({ tags: ['x'], declared: [{ route: 'tag:x', reads: [], writes: ['name'] }] })]) {
    const findings = checkAgent(alone, described);
    assert.deepEqual(names(findings, 'unwritten-parameter'), ['name']);
    assert.deepEqual(rule(findings, 'parameters-unchecked'), []);
    assert.deepEqual(rule(findings, 'unread-parameter'), [], 'an unused handler writes nothing');
  }
});

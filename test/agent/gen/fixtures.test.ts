// generateTypes on the three real agents: their tags, pages, form parameters and session parameters
// (expected values read from the export files), cross-checked against a plain scan of the files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { describeAgent, generateTypes } from '../../../src/agent/gen/index.ts';
import { loadAgent, type Agent } from '../../../src/agent/index.ts';
import { sharedFixture } from '../../../tools/support/shared-fixtures.ts';

const NAMES = ['goodbye-graffiti', 'divebooker', 'blood-donation'] as const;
const folderOf = (name: string) => fileURLToPath(sharedFixture(`agents/${name}/`));
const agents = new Map<string, Agent>();
before(async () => {
  for (const name of NAMES) agents.set(name, await loadAgent(folderOf(name)));
});

/** Every JSON value of every file in an export folder. */
function exportJson(folder: string): unknown[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(join(folder, file), 'utf8')));
}

function eachObject(value: unknown, visit: (object: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) value.forEach((item) => eachObject(item, visit));
  else if (typeof value === 'object' && value !== null) {
    visit(value as Record<string, unknown>);
    Object.values(value).forEach((item) => eachObject(item, visit));
  }
}

test('goodbye-graffiti: geocode is called from Enter Location with its location form, validation from the address validation page', () => {
  // flows/Default Start Flow/pages/Enter Location.json: a FINAL route calls lookup_place with tag geocode;
  // flows/Address Collection/pages/%3e address validation api.json: the entry fulfillment, tag validation.
  const output = generateTypes(agents.get('goodbye-graffiti')!);
  assert.match(output, /^export type AgentTag = 'geocode' \| 'validation';$/m);
  assert.ok(
    output.includes(
      [
        '  /** Called from Default Start Flow/Enter Location: route when $page.params.status = "FINAL" (webhook lookup_place). */',
        '  geocode: {',
        "    pages: readonly ['Default Start Flow/Enter Location'];",
        "    formParams: { location: '@sys.location' };",
        '  };',
        '  /** Called from Address Collection/> address validation api: entry fulfillment (webhook prebuilt_components_address_collection:address_validation). */',
        '  validation: {',
        "    pages: readonly ['Address Collection/> address validation api'];",
        '    formParams: {};',
        '  };',
      ].join('\n'),
    ),
    output,
  );
  assert.match(output, /^export interface GoodbyeGraffitiAgent \{$/m);
});

test('goodbye-graffiti: session parameters come from forms, intents, presets and references, without the $flow ones', () => {
  assert.deepEqual(describeAgent(agents.get('goodbye-graffiti')!).sessionParams, [
    'address_collection_address', // presets in Address Collection pages
    'address_collection_status',
    'caller_id', // $session.params.caller_id in a message
    'channel', // preset of the Default Start Flow
    'damage-description', // form of Collect Final Details
    'date-time', // intent head.report-graffiti
    'duration', // intent prebuilt_components_waiting_room
    'formatted_address',
    'from_waiting_room_reusable_flow',
    'item-damaged',
    'location',
    'number', // intent prebuilt_components_address_collection_locality
    'type-of-property',
    'waiting_room_event_handler',
  ]);
});

test('divebooker: no tags, and the Collect Further Info form and group request intent as session parameters', () => {
  const output = generateTypes(agents.get('divebooker')!);
  assert.match(output, /^export type AgentTag = never;$/m);
  assert.match(output, /^export type SessionParam = 'departure-month' \| 'destination' \| 'email-address' \| 'number-of-guests';$/m);
  assert.match(output, /^export interface DivebookerAgent \{$/m);
});

test('blood-donation: no tags, and the Eligibility Quiz form as session parameters', () => {
  const output = generateTypes(agents.get('blood-donation')!);
  assert.match(output, /^export type AgentTag = never;$/m);
  assert.match(output, /^export type SessionParam = 'age' \| 'iron-heart' \| 'pregnancy' \| 'weight';$/m);
  assert.match(output, /^export interface BloodDonationAgent \{$/m);
});

for (const name of NAMES) {
  test(`${name}: every tag, plain form parameter, intent parameter and $session.params reference in the files is declared`, () => {
    const tags = new Set<string>();
    const params = new Set<string>();
    for (const json of exportJson(folderOf(name))) {
      eachObject(json, (object) => {
        if (typeof object.webhook === 'string' && typeof object.tag === 'string') tags.add(object.tag);
        const form = (object.form as { parameters?: { displayName: string }[] } | undefined)?.parameters ?? [];
        for (const parameter of form) if (!parameter.displayName.startsWith('$')) params.add(parameter.displayName);
      });
      for (const match of JSON.stringify(json).matchAll(/\$session\.params\.([\w-]+)/g)) params.add(match[1]!);
    }
    for (const intent of readdirSync(join(folderOf(name), 'intents'))) {
      const json = JSON.parse(readFileSync(join(folderOf(name), 'intents', intent, `${intent}.json`), 'utf8')) as { parameters?: { id: string }[] };
      for (const parameter of json.parameters ?? []) params.add(parameter.id);
    }
    const described = describeAgent(agents.get(name)!);
    assert.deepEqual(described.tags.map((tag) => tag.tag), [...tags].sort());
    for (const param of params) assert.ok(described.sessionParams.includes(param), `${param} is missing`);
    assert.ok(params.size > 0);
  });

  test(`${name}: loading and generating twice gives the same text`, async () => {
    assert.equal(generateTypes(await loadAgent(folderOf(name))), generateTypes(agents.get(name)!));
  });
}

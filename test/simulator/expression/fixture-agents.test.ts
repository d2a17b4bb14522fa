// Every expression in the three real agent exports parses: each `condition`, each message text and
// preset value with `$` in it, and each preset's target parameter.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { evaluateCondition, evaluateValue, parameterTarget, parseCondition, parseTemplate } from '../../../src/simulator/expression/index.ts';
import { sharedFixture } from '../../../tools/support/shared-fixtures.ts';
import { scopeWith } from './helpers.ts';

const AGENTS = ['goodbye-graffiti', 'divebooker', 'blood-donation'];

interface Found {
  file: string;
  key: string;
  text: string;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

// Every string under a key we care about, anywhere in the JSON.
function collect(value: unknown, file: string, found: Found[], key = ''): void {
  if (Array.isArray(value)) for (const item of value) collect(item, file, found, key);
  else if (value && typeof value === 'object') for (const [name, item] of Object.entries(value)) collect(item, file, found, name);
  else if (typeof value === 'string') found.push({ file, key, text: value });
}

function stringsOf(agent: string): Found[] {
  const root = fileURLToPath(sharedFixture(`agents/${agent}/`));
  const found: Found[] = [];
  for (const file of jsonFiles(root)) collect(JSON.parse(readFileSync(file, 'utf8')), path.relative(root, file), found);
  return found;
}

function failures(items: Found[], parse: (text: string) => unknown): string[] {
  return items.flatMap(({ file, text }) => {
    try {
      parse(text);
      return [];
    } catch (error) {
      return [`${file}: ${text}: ${(error as Error).message}`];
    }
  });
}

for (const agent of AGENTS) {
  describe(agent, () => {
    const strings = stringsOf(agent);

    test('every condition parses', () => {
      const conditions = strings.filter((item) => item.key === 'condition');
      assert.ok(conditions.length > 0, `no conditions found in ${agent}`);
      assert.deepEqual(failures(conditions, parseCondition), []);
    });

    test('every message text and preset value with a $ in it parses', () => {
      const templates = strings.filter((item) => (item.key === 'text' || item.key === 'value') && item.text.includes('$'));
      assert.deepEqual(failures(templates, parseTemplate), []);
    });

    test('every preset target names a parameter', () => {
      assert.deepEqual(failures(strings.filter((item) => item.key === 'parameter'), parameterTarget), []);
    });
  });
}

describe('goodbye-graffiti address flow', () => {
  const strings = stringsOf('goodbye-graffiti');
  const scope = scopeWith({
    session: { formatted_address: 'Hosier Ln, Melbourne VIC, Australia', address_collection_address: { city: 'Melbourne' } },
    flow: {
      missing_elems: ['locality', 'route'],
      unconfimed_elems: [],
      webhook_retry_num: 1,
      retry_num: 2,
      no_change_counter: 2,
      city: 'Melbourne',
      city_webhook: ['melbourne'],
      active_missing_elem: { city: true },
      admin_area: 'VIC',
    },
    page: { params: {}, status: 'FINAL' },
  });

  test('evaluates every condition of the agent without an error', () => {
    const conditions = strings.filter((item) => item.key === 'condition');
    assert.deepEqual(failures(conditions, (text) => evaluateCondition(text, scope)), []);
  });

  test('its real presets compute what the flow expects', () => {
    const value = (text: string) => evaluateValue(strings.find((item) => item.key === 'value' && item.text === text)?.text ?? assert.fail(`${text} is not in the agent`), scope);
    assert.equal(value('$sys.func.ADD($flow.webhook_retry_num,1)'), 2);
    assert.deepEqual(value('$sys.func.IF($sys.func.CONTAIN($flow.missing_elems, locality), $sys.func.REMOVE($flow.missing_elems, ["locality"]), $flow.missing_elems)'), ['route']);
    assert.equal(value('$sys.func.IF("$flow.active_missing_elem.city = true", "N/A", $flow.city)'), 'N/A');
    assert.equal(
      value('$sys.func.IF("$flow.city != null AND $flow.city_webhook[0] != N/A AND $flow.city != N/A", $sys.func.IF("$sys.func.LOWER($flow.city) != $sys.func.LOWER($flow.city_webhook[0])", true, false), false)'),
      false,
    );
  });

  test('its escaped-comma condition matches the address it spells', () => {
    const condition = strings.find((item) => item.key === 'condition' && item.text.startsWith('$session.params.formatted_address = "Hosier'));
    assert.ok(condition);
    assert.equal(evaluateCondition(condition.text, scope), true);
  });
});

// toSarif: a SARIF 2.1.0 log CI tools accept, with rules, levels and locations from the findings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Log } from 'sarif';
import { RULES, toSarif, type Finding } from '../../../src/agent/check/index.ts';

const findings: Finding[] = [
  { rule: 'unhandled-tag', severity: 'error', message: 'tag "geocode" has no handler', file: 'flows/Address Collection/pages/%3e address validation api.json', jsonPath: '$.entryFulfillment', flow: 'Address Collection', page: '> address validation api' },
  { rule: 'unused-handler', severity: 'warning', message: 'tag "weather" is never called', file: 'src/app.ts', jsonPath: 'tag:weather' },
  { rule: 'flexible-webhook', severity: 'note', message: 'FLEXIBLE', file: 'webhooks/a%3ab.json', jsonPath: '$' },
];

test('the log has the schema, version 2.1.0 and one run of the cxhook driver listing every rule', () => {
  // Typed as the full SARIF Log, so the shape is checked against @types/sarif at compile time.
  const log: Log = toSarif(findings, { version: '1.2.3' });
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema ?? '', /sarif-2\.1\.0\.json$/);
  assert.equal(log.runs.length, 1);
  const driver = log.runs[0]?.tool.driver;
  assert.equal(driver?.name, 'cxhook');
  assert.equal(driver?.version, '1.2.3');
  assert.deepEqual(
    driver?.rules?.map((rule) => [rule.id, rule.defaultConfiguration?.level]),
    RULES.map((rule) => [rule.id, rule.severity]),
  );
  assert.ok(driver?.rules?.every((rule) => (rule.shortDescription?.text.length ?? 0) > 10));
});

test('each finding is a result with its rule, level, message, file URI and JSON path', () => {
  const log = toSarif(findings, { agentRoot: 'agents/graffiti/', appFile: 'src/app.ts' });
  const results = log.runs[0]?.results ?? [];
  assert.equal(results.length, 3);
  const [first, second] = results;
  assert.equal(first?.ruleId, 'unhandled-tag');
  assert.equal(RULES[first?.ruleIndex ?? -1]?.id, 'unhandled-tag');
  assert.equal(first?.level, 'error');
  assert.equal(first?.message.text, 'tag "geocode" has no handler');
  // The export's own %-escapes are part of the file name, so they are escaped again in the URI.
  assert.equal(first?.locations[0]?.physicalLocation.artifactLocation.uri, 'agents/graffiti/flows/Address%20Collection/pages/%253e%20address%20validation%20api.json');
  assert.equal(decodeURIComponent(first?.locations[0]?.physicalLocation.artifactLocation.uri.split('/').at(-1) ?? ''), '%3e address validation api.json');
  assert.deepEqual(first?.locations[0]?.logicalLocations, [{ fullyQualifiedName: '$.entryFulfillment' }]);
  assert.equal(second?.locations[0]?.physicalLocation.artifactLocation.uri, 'src/app.ts', 'app findings are not put under the agent root');
  assert.equal(second?.level, 'warning');
  assert.equal(results[2]?.level, 'note');
});

test('an absolute path (an app module given so) becomes a file: URL', () => {
  const log = toSarif([{ ...(findings[1] as Finding), file: '/srv/my app/app.ts' }], { appFile: '/srv/my app/app.ts', agentRoot: 'agent' });
  assert.equal(log.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri, 'file:///srv/my%20app/app.ts');
});

test('the log survives a JSON round trip unchanged', () => {
  const log = toSarif(findings);
  assert.deepEqual(JSON.parse(JSON.stringify(log)), log);
});

// The NLU on the public agents, loaded from their exports: their own phrases find their own
// intents, and held-out phrases stay above a floor set well below what docs/nlu.md measured.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadAgent, type Agent, type TrainingPhrase } from '../../../src/agent/index.ts';
import { buildNlu, measureAccuracy } from '../../../src/simulator/nlu/index.ts';
import { sharedFixture } from '../../../tools/support/shared-fixtures.ts';

const load = (name: string) => loadAgent(fileURLToPath(sharedFixture(`agents/${name}/`)));
const textOf = (phrase: TrainingPhrase) => phrase.parts.map((p) => p.text).join('');

describe('divebooker', () => {
  let agent: Agent;
  before(async () => {
    agent = await load('divebooker');
  });

  test('each training phrase is matched to its own intent at the flow threshold', () => {
    const nlu = buildNlu(agent);
    const threshold = agent.flows.get(agent.startFlow!)!.classificationThreshold;
    for (const intent of agent.intents.values()) {
      if (intent.isFallback) continue;
      for (const phrase of intent.trainingPhrases) assert.equal(nlu.matchIntent(textOf(phrase), { threshold }).intent, intent.displayName, textOf(phrase));
    }
  });

  test('a group request brings its destination, group size and month', () => {
    const nlu = buildNlu(agent);
    const result = nlu.matchIntent('We are 10 divers and would like a group booking in the Sea of Cortez next month', { threshold: 0.3, now: new Date('2026-11-27T18:00:00Z') });
    assert.equal(result.intent, 'head.send.group.request');
    assert.deepEqual(result.parameters.destination, { original: 'Sea of Cortez', resolved: 'Mexico' });
    assert.deepEqual(result.parameters['number-of-guests'], { original: '10', resolved: '10' });
    assert.deepEqual(result.parameters['departure-month']?.resolved, { startDate: { year: 2026, month: 12, day: 1 }, endDate: { year: 2026, month: 12, day: 31 } });
  });

  test('the destination entity honours its excluded phrase and its regex group size its range', () => {
    const nlu = buildNlu(agent);
    assert.equal(nlu.extract('somewhere in Europe', '@destination'), undefined);
    assert.equal(nlu.extract('we are 16', '@number-of-guests'), undefined);
    assert.equal(nlu.extract('we are 15', '@number-of-guests')?.resolved, '15');
  });

  test('builds the same model from the same export', async () => {
    assert.equal(JSON.stringify(buildNlu(await load('divebooker')).classifier?.toJSON()), JSON.stringify(buildNlu(agent).classifier?.toJSON()));
  });
});

describe('held-out accuracy on the public agents', () => {
  test('goodbye-graffiti: 22 intents, held-out accuracy at least 0.65 (measured 0.80) and few no-matches', async () => {
    const report = measureAccuracy(await load('goodbye-graffiti'));
    assert.equal(report.intents, 22);
    assert.equal(report.test, 195);
    assert.equal(report.train + report.test, 1020);
    assert.ok(report.accuracy >= 0.65, `accuracy ${report.accuracy}`);
    assert.ok(report.noMatchRate <= 0.25, `no-match rate ${report.noMatchRate}`);
    assert.ok(report.misses.every((miss) => miss.got !== miss.expected), 'a miss names another intent (or no-match) than the expected one');
  });

  test('divebooker and blood-donation: their few held-out phrases are mostly matched', async () => {
    for (const name of ['divebooker', 'blood-donation']) {
      const report = measureAccuracy(await load(name));
      assert.ok(report.test >= 4, `${name} holds out ${report.test}`);
      assert.ok(report.accuracy >= 0.5, `${name} accuracy ${report.accuracy}`);
    }
  });
});

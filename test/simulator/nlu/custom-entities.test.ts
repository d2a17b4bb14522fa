// The agent's own entity types, read through Nlu.extract as form filling uses them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCxhookError } from '../../../src/errors/index.ts';
import { buildNlu } from '../../../src/simulator/nlu/index.ts';
import { agent, entityType, intent, phrase } from './helpers.ts';

const destination = entityType('destination', 'KIND_MAP', [
  ['Galapagos Islands', 'Galapagos', 'Galapagos Islands'],
  ['Mexico', 'Guadalupe Islands', 'Mexico', 'Sea of Cortez', 'Socorro Islands'],
  ['Costa Rica', 'Cocos Islands', 'Costa Rica'],
  ['Sea', 'Sea'],
], { excludedPhrases: [{ value: 'Europe', languageCode: 'en' }, { value: 'Red Sea', languageCode: 'en' }] });
const cabin = entityType('cabin', 'KIND_LIST', [['single'], ['double'], ['master suite']]);
const guests = entityType('number-of-guests', 'KIND_REGEXP', [['\\b([4-9]|1[0-5])\\b']]);
const code = entityType('booking-code', 'KIND_REGEXP', [['(?i)DB-\\d{4}']]);
const dive = entityType('dive-site', 'KIND_MAP', [['Blue Hole', 'Blue Hole', 'Great Blue Hole'], ['Barracuda Point', 'Barracuda Point'], ['Yongala', 'Yongala']], { fuzzyExtraction: true });
const nlu = buildNlu(agent([intent('hi', ['hello'])], [destination, cabin, guests, code, dive]));

describe('KIND_MAP entities', () => {
  test('any synonym resolves to the entry value, whatever its case, keeping what the user said', () => {
    assert.deepEqual(nlu.extract('I always wanted to dive the sea of cortez', '@destination'), { original: 'sea of cortez', resolved: 'Mexico' });
    assert.deepEqual(nlu.extract('GALAPAGOS please', '@destination'), { original: 'GALAPAGOS', resolved: 'Galapagos Islands' });
  });

  test('the longest synonym wins over a shorter one inside it', () => {
    // "Sea" is a synonym of its own; "Sea of Cortez" covers it and is longer.
    assert.deepEqual(nlu.extract('the Sea of Cortez', '@destination')?.resolved, 'Mexico');
    assert.deepEqual(nlu.extract('just the sea', '@destination')?.resolved, 'Sea');
  });

  test('matches whole words only', () => {
    assert.equal(nlu.extract('Mexicoland and Costa Ricans', '@destination'), undefined);
    assert.equal(nlu.extract('a seasick diver', '@destination'), undefined);
  });

  test('never matches inside an excluded phrase', () => {
    assert.equal(nlu.extract('a liveaboard in the Red Sea', '@destination'), undefined);
    assert.deepEqual(nlu.extract('the Red Sea or Costa Rica', '@destination')?.resolved, 'Costa Rica');
  });

  test('the leftmost value is the one a single parameter gets', () => {
    assert.deepEqual(nlu.extract('Costa Rica or Mexico', '@destination')?.resolved, 'Costa Rica');
  });
});

describe('KIND_LIST entities', () => {
  test('return the words as the user said them', () => {
    assert.deepEqual(nlu.extract('A Master Suite for us', '@cabin'), { original: 'Master Suite', resolved: 'Master Suite' });
    assert.equal(nlu.extract('a triple', '@cabin'), undefined);
  });
});

describe('KIND_REGEXP entities', () => {
  test('match the regex and resolve to the matched text', () => {
    assert.deepEqual(nlu.extract('We are 8 divers', '@number-of-guests'), { original: '8', resolved: '8' });
    assert.equal(nlu.extract('We are 16 divers', '@number-of-guests'), undefined);
  });

  test('a leading (?i) makes the regex case-insensitive, as in RE2', () => {
    assert.deepEqual(nlu.extract('my code is db-1234', '@booking-code')?.resolved, 'db-1234');
  });

  test('a regex JavaScript cannot compile is skipped with a note, not a crash', () => {
    const broken = entityType('broken', 'KIND_REGEXP', [['(unclosed']]);
    const withBroken = buildNlu(agent([intent('hi', ['hello'])], [broken]));
    assert.equal(withBroken.extract('(unclosed', '@broken'), undefined);
    assert.ok(withBroken.notes.some((n) => n.includes('@broken') && n.includes('regex')), withBroken.notes.join('\n'));
  });
});

describe('fuzzy extraction', () => {
  test('with fuzzyExtraction a synonym matches despite a small typo', () => {
    assert.deepEqual(nlu.extract('we dove the Great Bleu Hole', '@dive-site'), { original: 'Great Bleu Hole', resolved: 'Blue Hole' });
    assert.deepEqual(nlu.extract('barracuda pont at dawn', '@dive-site')?.resolved, 'Barracuda Point');
  });

  test('a word too far from every synonym still does not match', () => {
    assert.equal(nlu.extract('the Black Pool', '@dive-site'), undefined);
    assert.equal(nlu.extract('the Yoga class', '@dive-site'), undefined);
  });

  test('without fuzzyExtraction a typo does not match', () => {
    assert.equal(nlu.extract('Galapagoz', '@destination'), undefined);
  });
});

describe('entity entries that are not simulated', () => {
  test('composite entries are skipped with a note, the plain entries of the same type still match', () => {
    const trip = entityType('trip', 'KIND_LIST', [['@destination:place in @sys.date:when'], ['day trip']]);
    const withComposite = buildNlu(agent([intent('hi', ['hello'])], [trip, destination]));
    assert.deepEqual(withComposite.extract('a day trip', '@trip')?.resolved, 'day trip');
    assert.equal(withComposite.extract('Mexico in June', '@trip'), undefined);
    assert.ok(withComposite.notes.some((n) => n.includes('@trip') && n.includes('composite')));
  });

  test('entries of another language are not used', () => {
    const multi = entityType('answer', 'KIND_MAP', [['yes', 'yes']]);
    multi.entities.push({ value: 'yes', synonyms: ['oui'], languageCode: 'fr' });
    assert.equal(buildNlu(agent([intent('hi', ['hello'])], [multi])).extract('oui', '@answer'), undefined);
    assert.equal(buildNlu(agent([intent('hi', ['hello', phrase('bonjour')])], [multi]), { languageCode: 'fr' }).extract('oui', '@answer')?.resolved, 'yes');
  });
});

describe('extract errors', () => {
  test('an entity type the agent lacks is a coded error naming it', () => {
    assert.throws(() => nlu.extract('x', '@nope'), (e: unknown) => isCxhookError(e) && e.code === 'CXH_ERR_INVALID_OPTION' && e.message.includes('@nope'));
    assert.throws(() => nlu.extract('x', '@'), (e: unknown) => isCxhookError(e) && e.message.includes('entityType'));
    assert.throws(() => nlu.extract(42 as never, '@destination'), (e: unknown) => isCxhookError(e) && e.message.includes('text'));
  });
});

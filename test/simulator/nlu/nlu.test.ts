// buildNlu on a hand-made agent: which intent a text matches, when it is a no-match, and which
// parameters come with the match.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCxhookError } from '../../../src/errors/index.ts';
import { buildNlu } from '../../../src/simulator/nlu/index.ts';
import { agent, entityType, intent, phrase } from './helpers.ts';

const destination = entityType('destination', 'KIND_MAP', [['Mexico', 'Mexico', 'Sea of Cortez'], ['Costa Rica', 'Costa Rica', 'Cocos Island']]);
const book = intent(
  'book.trip',
  [
    phrase('I want to book a trip to [Mexico](destination)'),
    phrase('book a dive trip to [Costa Rica](destination) on [December 3](date)'),
    phrase('can I reserve a liveaboard in the [Sea of Cortez](destination)'),
    phrase('we are [8](guests) divers and want to book a boat'),
    phrase('reserve a boat for [12](guests) people [next Friday](date)'),
    phrase('I would like to make a booking'),
    phrase('book me on a dive trip'),
  ],
  { parameters: [{ id: 'destination', entityType: '@destination', isList: false, redact: false }, { id: 'date', entityType: '@sys.date', isList: false, redact: false }, { id: 'guests', entityType: '@sys.number', isList: false, redact: false }] },
);
const leaveMessage = intent(
  'leave.message',
  [
    phrase('tell the captain [that we will be late](message)'),
    phrase('please tell the crew [we need vegetarian food](message)'),
    phrase('leave a message saying [the boat was great](message)'),
    phrase('can you pass on a message'),
    phrase('I want to leave a message for the captain'),
  ],
  { parameters: [{ id: 'message', entityType: '@sys.any', isList: false, redact: false }] },
);
const weather = intent('ask.weather', ['what is the weather like', 'will it rain tomorrow', 'is the sea calm', 'how windy is it today', 'what about the weather forecast']);
const goodbye = intent('goodbye', ['bye', 'goodbye', 'see you later', 'that is all thanks', 'bye bye']);
const hidden = intent('hidden.promo', ['secret promo code', 'promo code please', 'I have a promo code'], { priority: -1 });
const negative = intent('Default Negative Intent', ['tell me a joke', 'sing a song', 'tell me something funny', 'what is the meaning of life'], { isFallback: true });
const testAgent = agent([book, leaveMessage, weather, goodbye, hidden, negative], [destination]);
const nlu = buildNlu(testAgent);
const at = { now: new Date('2026-11-27T18:00:00Z') };

describe('matchIntent', () => {
  test('matches an unseen sentence to its intent, with its parameters', () => {
    const result = nlu.matchIntent('I would like to book a dive trip to the Sea of Cortez tomorrow', { threshold: 0.3, ...at });
    assert.equal(result.intent, 'book.trip');
    assert.ok(result.confidence >= 0.3 && result.confidence <= 1);
    assert.deepEqual(result.parameters.destination, { original: 'Sea of Cortez', resolved: 'Mexico' });
    assert.deepEqual(result.parameters.date, { original: 'tomorrow', resolved: { year: 2026, month: 11, day: 28 } });
    assert.equal(result.parameters.guests, undefined);
  });

  test('other intents match their own sentences', () => {
    assert.equal(nlu.matchIntent('what will the weather be like', { threshold: 0.3 }).intent, 'ask.weather');
    assert.equal(nlu.matchIntent('ok bye', { threshold: 0.3 }).intent, 'goodbye');
  });

  test('a confidence below the threshold is a no-match that still reports the confidence', () => {
    const loose = nlu.matchIntent('book a trip', { threshold: 0.3 });
    assert.equal(loose.intent, 'book.trip');
    const strict = nlu.matchIntent('book a trip', { threshold: Math.min(1, loose.confidence + 0.01) });
    assert.equal(strict.intent, undefined);
    assert.equal(strict.confidence, loose.confidence);
    assert.deepEqual(strict.parameters, {});
  });

  test('a text close to the Default Negative Intent phrases is a no-match', () => {
    const result = nlu.matchIntent('tell me a funny joke', { threshold: 0.1 });
    assert.equal(result.intent, undefined);
  });

  test('a text of unknown words is a no-match at any threshold', () => {
    assert.deepEqual(nlu.matchIntent('zxq wvut', { threshold: 0 }), { confidence: 0, parameters: {} });
  });

  test('candidates restrict the match to the intents in scope', () => {
    assert.equal(nlu.matchIntent('bye bye', { threshold: 0.3, candidates: ['goodbye'] }).intent, 'goodbye');
    const outOfScope = nlu.matchIntent('bye bye', { threshold: 0.3, candidates: ['book.trip', 'ask.weather'] });
    assert.equal(outOfScope.intent, undefined, 'an out-of-scope intent keeps its probability, so the others stay low');
  });

  test('an intent with negative priority is never matched', () => {
    assert.notEqual(nlu.matchIntent('I have a secret promo code', { threshold: 0 }).intent, 'hidden.promo');
    assert.ok(nlu.classifier?.labels.every((l) => l !== 'hidden.promo' && l !== 'Default Negative Intent'));
    assert.ok(nlu.notes.some((n) => n.includes('hidden.promo')));
  });

  test('an intent @sys.any parameter takes the words between its annotated context', () => {
    const result = nlu.matchIntent('please tell the captain that the coffee is cold', { threshold: 0.3 });
    assert.equal(result.intent, 'leave.message');
    assert.deepEqual(result.parameters.message, { original: 'that the coffee is cold', resolved: 'that the coffee is cold' });
  });

  test('an intent @sys.any parameter stays empty when no annotated context fits', () => {
    const result = nlu.matchIntent('I want to leave a message', { threshold: 0.3 });
    assert.equal(result.intent, 'leave.message');
    assert.equal(result.parameters.message, undefined);
  });

  test('two parameters of the same entity type do not take the same words', () => {
    const twoDates = intent('change.dates', [phrase('move it from [Monday](from) to [Friday](to)'), phrase('change the dates from [June 1](from) to [June 3](to)'), phrase('change my dates')], {
      parameters: [{ id: 'from', entityType: '@sys.date', isList: false, redact: false }, { id: 'to', entityType: '@sys.date', isList: false, redact: false }],
    });
    const result = buildNlu(agent([twoDates, weather])).matchIntent('change the dates from December 3 to December 5', { threshold: 0.3, ...at });
    assert.equal(result.intent, 'change.dates');
    assert.deepEqual(result.parameters.from?.resolved, { year: 2026, month: 12, day: 3 });
    assert.deepEqual(result.parameters.to?.resolved, { year: 2026, month: 12, day: 5 });
  });

  test('a list parameter takes every value in the text', () => {
    const visit = intent('visit', [phrase('we want to visit [Mexico](places) and [Costa Rica](places)'), phrase('visit [Mexico](places)'), phrase('I want to visit places')], {
      parameters: [{ id: 'places', entityType: '@destination', isList: true, redact: false }],
    });
    const result = buildNlu(agent([visit, weather], [destination])).matchIntent('can we visit Cocos Island and the Sea of Cortez', { threshold: 0.3 });
    assert.equal(result.intent, 'visit');
    assert.deepEqual(result.parameters.places, { original: 'Cocos Island, Sea of Cortez', resolved: ['Costa Rica', 'Mexico'] });
  });

  test('a value of an entity type counts for its intent even when no phrase names that value', () => {
    const dive = intent('dive', [phrase('I want to dive in [Mexico](place)'), phrase('diving trips to [Mexico](place)'), phrase('dive near [Costa Rica](place)')], {
      parameters: [{ id: 'place', entityType: '@destination', isList: false, redact: false }],
    });
    const entityAware = buildNlu(agent([dive, weather], [destination])).matchIntent('Cocos Island please', { threshold: 0 });
    const plain = buildNlu(agent([{ ...dive, parameters: [] }, weather])).matchIntent('Cocos Island please', { threshold: 0 });
    assert.equal(entityAware.intent, 'dive');
    assert.equal(plain.intent, undefined, 'without the entity type, every word is unknown');
    assert.deepEqual(entityAware.parameters.place, { original: 'Cocos Island', resolved: 'Costa Rica' });
  });

  test('an intent parameter of an entity type the agent lacks is left empty with a note', () => {
    const odd = intent('odd', ['pick a colour please', 'a colour', 'choose colour'], { parameters: [{ id: 'colour', entityType: '@colour', isList: false, redact: false }] });
    const built = buildNlu(agent([odd, weather]));
    const result = built.matchIntent('pick a colour', { threshold: 0.3 });
    assert.equal(result.intent, 'odd');
    assert.deepEqual(result.parameters, {});
    assert.ok(built.notes.some((n) => n.includes('@colour')));
  });

  test('refuses a threshold outside 0..1 and a text that is not a string', () => {
    for (const threshold of [-0.1, 1.5, Number.NaN, '0.3']) {
      assert.throws(() => nlu.matchIntent('bye', { threshold: threshold as never }), (e: unknown) => isCxhookError(e) && e.message.includes('threshold'));
    }
    assert.throws(() => nlu.matchIntent(undefined as never, { threshold: 0.3 }), (e: unknown) => isCxhookError(e) && e.message.includes('text'));
  });
});

describe('buildNlu', () => {
  test('trains on the requested language only', () => {
    const hello = intent('hello', [phrase('hello there'), phrase('hi'), phrase('bonjour', { languageCode: 'fr' }), phrase('salut', { languageCode: 'fr' })]);
    const bye = intent('bye', [phrase('goodbye'), phrase('see you'), phrase('au revoir', { languageCode: 'fr' }), phrase('à bientôt', { languageCode: 'fr' })]);
    const bilingual = agent([hello, bye], [], { supportedLanguageCodes: ['en', 'fr'] });
    assert.equal(buildNlu(bilingual).matchIntent('bonjour', { threshold: 0.3 }).intent, undefined);
    const french = buildNlu(bilingual, { languageCode: 'fr' });
    assert.equal(french.matchIntent('bonjour', { threshold: 0.3 }).intent, 'hello');
    assert.equal(french.matchIntent('au revoir', { threshold: 0.3 }).intent, 'bye');
    assert.equal(french.matchIntent('hello there', { threshold: 0.3 }).intent, undefined);
    assert.equal(french.classifier?.toJSON().features.stem, false, 'the English stemmer is not used for French');
    assert.equal(buildNlu(bilingual).classifier?.toJSON().features.stem, true);
  });

  test('repeatCount weighs a phrase more', () => {
    const shared = 'i want the boat';
    const build = (repeat: number) =>
      buildNlu(agent([intent('a', [phrase(shared, { repeatCount: repeat }), phrase('alpha one')]), intent('b', [phrase(shared), phrase('beta two')])]));
    assert.equal(build(1).matchIntent(shared, { threshold: 0 }).confidence < 0.6, true, 'a tie at first');
    const weighted = build(5).matchIntent(shared, { threshold: 0 });
    assert.equal(weighted.intent, 'a');
    assert.ok(weighted.confidence > 0.6, String(weighted.confidence));
  });

  test('an agent without training phrases in the language builds an NLU that never matches', () => {
    const empty = buildNlu(agent([intent('silent', [])]));
    assert.equal(empty.classifier, undefined);
    assert.deepEqual(empty.matchIntent('hello', { threshold: 0 }), { confidence: 0, parameters: {} });
    assert.ok(empty.notes.some((n) => n.includes('no intent has a training phrase')));
  });

  test('builds the same classifier every time', () => {
    assert.equal(JSON.stringify(buildNlu(testAgent).classifier?.toJSON()), JSON.stringify(nlu.classifier?.toJSON()));
  });
});

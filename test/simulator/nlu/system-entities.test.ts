// CX's system entities read from realistic answers, with a fixed clock, in the shapes of protocol
// spec §10.1.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCxhookError } from '../../../src/errors/index.ts';
import { buildNlu } from '../../../src/simulator/nlu/index.ts';
import { agent, intent } from './helpers.ts';

const nlu = buildNlu(agent([intent('hi', ['hello'])]));
// Friday 27 November 2026, 10:00 in Los Angeles (18:00 UTC).
const at = { now: new Date('2026-11-27T18:00:00Z'), timeZone: 'America/Los_Angeles' };
const resolved = (text: string, entityType: string, options = at) => nlu.extract(text, entityType, options)?.resolved;

describe('@sys.date', () => {
  test('reads relative days against now', () => {
    assert.deepEqual(resolved('can we go tomorrow?', '@sys.date'), { year: 2026, month: 11, day: 28 });
    assert.deepEqual(resolved('next Friday works for me', '@sys.date'), { year: 2026, month: 12, day: 4 });
  });

  test('reads a month and day, in the coming year once the day has passed', () => {
    assert.deepEqual(nlu.extract('I would like to leave on December 3', '@sys.date', at), { original: 'December 3', resolved: { year: 2026, month: 12, day: 3 } });
    assert.deepEqual(resolved('the 5th of March', '@sys.date'), { year: 2027, month: 3, day: 5 });
  });

  test('counts "tomorrow" in the given time zone, not in UTC', () => {
    // 03:00 UTC on the 28th is still the evening of the 27th in Los Angeles.
    const evening = { now: new Date('2026-11-28T03:00:00Z'), timeZone: 'America/Los_Angeles' };
    assert.deepEqual(resolved('tomorrow', '@sys.date', evening), { year: 2026, month: 11, day: 28 });
    assert.deepEqual(resolved('tomorrow', '@sys.date', { ...evening, timeZone: 'UTC' }), { year: 2026, month: 11, day: 29 });
  });

  test('uses the agent time zone when none is given', () => {
    const evening = new Date('2026-11-28T03:00:00Z');
    assert.deepEqual(resolved('tomorrow', '@sys.date', { now: evening } as never), { year: 2026, month: 11, day: 28 });
  });

  test('finds no date in a sentence without one', () => {
    assert.equal(nlu.extract('we are 3 divers', '@sys.date', at), undefined);
    assert.equal(nlu.extract('at 3pm', '@sys.date', at), undefined);
  });
});

describe('@sys.time, @sys.date-time and @sys.date-period', () => {
  test('@sys.time reads clock times and words like noon', () => {
    assert.deepEqual(resolved('at 3pm please', '@sys.time'), { hours: 15, minutes: 0, seconds: 0, nanos: 0 });
    assert.deepEqual(resolved('how about 10:45', '@sys.time'), { hours: 10, minutes: 45, seconds: 0, nanos: 0 });
    assert.deepEqual(resolved('at noon', '@sys.time'), { hours: 12, minutes: 0, seconds: 0, nanos: 0 });
    assert.equal(nlu.extract('tomorrow', '@sys.time', at), undefined);
  });

  test('@sys.date-time is the union of the date and the time', () => {
    assert.deepEqual(resolved('tomorrow at 3:30 pm', '@sys.date-time'), { year: 2026, month: 11, day: 28, hours: 15, minutes: 30, seconds: 0, nanos: 0 });
  });

  test('a date range gives @sys.date two dates, each with its own words', () => {
    const text = 'from March 3 to March 5';
    assert.deepEqual(nlu.extract(text, '@sys.date', at), { original: 'March 3', resolved: { year: 2027, month: 3, day: 3 } });
    assert.deepEqual(nlu.extract('3pm - 5pm', '@sys.time', at), { original: '3pm', resolved: { hours: 15, minutes: 0, seconds: 0, nanos: 0 } });
  });

  test('@sys.date-period reads a range, a month or a single day', () => {
    assert.deepEqual(resolved('from March 3 to March 5', '@sys.date-period'), { startDate: { year: 2027, month: 3, day: 3 }, endDate: { year: 2027, month: 3, day: 5 } });
    assert.deepEqual(resolved('Do you have any special offers to Thailand next month?', '@sys.date-period'), { startDate: { year: 2026, month: 12, day: 1 }, endDate: { year: 2026, month: 12, day: 31 } });
    assert.deepEqual(resolved('on Monday', '@sys.date-period'), { startDate: { year: 2026, month: 11, day: 30 }, endDate: { year: 2026, month: 11, day: 30 } });
  });

  test('an unknown time zone is a coded error', () => {
    assert.throws(() => nlu.extract('tomorrow', '@sys.date', { timeZone: 'Mars/Olympus' }), (e: unknown) => isCxhookError(e) && e.code === 'CXH_ERR_INVALID_OPTION' && e.message.includes('Mars/Olympus'));
    assert.throws(() => buildNlu(agent([intent('hi', ['hello'])]), { timeZone: 'Nowhere' }), (e: unknown) => isCxhookError(e) && e.message.includes('timeZone'));
  });
});

describe('numbers', () => {
  test('@sys.number reads digits and number words', () => {
    assert.deepEqual(nlu.extract('We are eight divers', '@sys.number', at), { original: 'eight', resolved: 8 });
    assert.equal(resolved('twenty-one of us', '@sys.number'), 21);
    assert.equal(resolved('two hundred and five bars', '@sys.number'), 205);
    assert.equal(resolved('a budget of 1,250.50 dollars', '@sys.number'), 1250.5);
    assert.equal(resolved('it is -3 outside', '@sys.number'), -3);
    assert.equal(nlu.extract('no number here', '@sys.number', at), undefined);
  });

  test('a number inside a date is not taken for a number of its own', () => {
    assert.equal(resolved('on December 3 for 4 people', '@sys.number'), 4);
  });

  test('@sys.number-integer and @sys.cardinal skip fractions; @sys.cardinal skips negatives', () => {
    assert.equal(resolved('2.5 or 3 nights', '@sys.number-integer'), 3);
    assert.equal(resolved('-2 or 7', '@sys.cardinal'), 7);
  });

  test('@sys.ordinal and @sys.number-sequence', () => {
    assert.equal(resolved('the twenty-first row', '@sys.ordinal'), 21);
    assert.equal(resolved('my 3rd dive', '@sys.ordinal'), 3);
    assert.deepEqual(nlu.extract('my member number is 4 2 one 7', '@sys.number-sequence', at), { original: '4 2 one 7', resolved: '4217' });
  });
});

describe('contact details and names', () => {
  test('@sys.email reads the address', () => {
    assert.deepEqual(nlu.extract('sure, it is Ann.Lee+dive@example.co.uk.', '@sys.email', at), { original: 'Ann.Lee+dive@example.co.uk', resolved: 'Ann.Lee+dive@example.co.uk' });
    assert.equal(nlu.extract('ann at example dot com', '@sys.email', at), undefined);
  });

  test('@sys.phone-number reads 7 to 15 digits with the usual separators', () => {
    assert.equal(resolved('call me on +1 (650) 555-0100 after six', '@sys.phone-number'), '+1 (650) 555-0100');
    assert.equal(resolved('my number is 020 7946 0958.', '@sys.phone-number'), '020 7946 0958');
    assert.equal(nlu.extract('we are 12 divers on 2026-11-27', '@sys.phone-number', at), undefined);
  });

  test('@sys.person reads an introduced name, or an answer that is only a name', () => {
    assert.deepEqual(resolved("Hi, I'm Ann Lee and I'd like to book", '@sys.person'), { name: 'Ann Lee', original: 'Ann Lee' });
    assert.deepEqual(resolved('my name is bob', '@sys.person'), { name: 'bob', original: 'bob' });
    assert.deepEqual(resolved('Maria Garcia', '@sys.person'), { name: 'Maria Garcia', original: 'Maria Garcia' });
    assert.equal(nlu.extract("I'm looking for a boat", '@sys.person', at), undefined);
    assert.equal(nlu.extract('yes', '@sys.person', at), undefined);
  });
});

describe('@sys.any and system entities without a finder', () => {
  test('@sys.any takes the whole answer, trimmed', () => {
    assert.deepEqual(nlu.extract('  the one with the blue hull ', '@sys.any', at), { original: 'the one with the blue hull', resolved: 'the one with the blue hull' });
    assert.equal(nlu.extract('   ', '@sys.any', at), undefined);
  });

  test('an unknown @sys entity is read like @sys.any, with a note', () => {
    const fresh = buildNlu(agent([intent('hi', ['hello'])]));
    assert.deepEqual(fresh.extract('Main Street 5', '@sys.location', at)?.resolved, 'Main Street 5');
    assert.ok(fresh.notes.some((n) => n.includes('@sys.location') && n.includes('@sys.any')));
  });
});

// System-entity values (spec §10.1): @sys.date / @sys.time objects and strings read into one view.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareDates, toCalendarDate, toTimeOfDay, today, type CalendarDate } from '../../src/values/date-time.ts';

describe('toCalendarDate', () => {
  test('reads a CX @sys.date object', () => {
    assert.deepEqual(toCalendarDate({ year: 2026, month: 12, day: 3 }), { year: 2026, month: 12, day: 3, iso: '2026-12-03' });
  });

  test('reads doubles as CX prints them (2026.0) from the wire', () => {
    const value = JSON.parse('{"year": 2026.0, "month": 2.0, "day": 7.0, "original": "feb 7th"}');
    assert.equal(toCalendarDate(value)?.iso, '2026-02-07');
  });

  test('reads numeric strings in the object', () => {
    assert.equal(toCalendarDate({ year: '2026', month: '1', day: '9' })?.iso, '2026-01-09');
  });

  test('reads an ISO date and the date part of an ISO date-time', () => {
    assert.equal(toCalendarDate('2026-12-03')?.iso, '2026-12-03');
    assert.equal(toCalendarDate('2026-12-03T23:30:00-08:00')?.iso, '2026-12-03');
    assert.equal(toCalendarDate(' 2026-12-03 ')?.day, 3);
  });

  test('accepts 29 February in a leap year only', () => {
    assert.equal(toCalendarDate({ year: 2028, month: 2, day: 29 })?.iso, '2028-02-29');
    assert.equal(toCalendarDate({ year: 2026, month: 2, day: 29 }), undefined);
  });

  const invalid: [string, unknown][] = [
    ['30 February (object)', { year: 2026, month: 2, day: 30 }],
    ['30 February (string)', '2026-02-30'],
    ['month 13', { year: 2026, month: 13, day: 1 }],
    ['day 0', '2026-01-00'],
    ['year 0', { year: 0, month: 1, day: 1 }],
    ['a fractional day', { year: 2026, month: 1, day: 1.5 }],
    ['a missing day', { year: 2026, month: 1 }],
    ['a non-ISO string', '03/12/2026'],
    ['a word', 'tomorrow'],
    ['a number', 20261203],
    ['null', null],
    ['undefined', undefined],
    ['an array', [2026, 12, 3]],
    ['a boolean', true],
  ];
  for (const [what, value] of invalid) {
    test(`is undefined for ${what}`, () => {
      assert.equal(toCalendarDate(value as never), undefined);
    });
  }
});

describe('toTimeOfDay', () => {
  test('reads a CX @sys.time object with doubles and nanos', () => {
    const value = JSON.parse('{"hours": 15.0, "minutes": 30.0, "seconds": 0.0, "nanos": 0.0}');
    assert.deepEqual(toTimeOfDay(value), { hours: 15, minutes: 30, seconds: 0, iso: '15:30' });
  });

  test('defaults missing minutes and seconds to 0 and shows seconds only when set', () => {
    assert.equal(toTimeOfDay({ hours: 9 })?.iso, '09:00');
    assert.equal(toTimeOfDay({ hours: 9, minutes: 5, seconds: 7 })?.iso, '09:05:07');
  });

  const strings: [string, string][] = [
    ['15:30', '15:30'],
    ['15:30:05', '15:30:05'],
    ['7:05', '07:05'],
    ['2026-12-03T15:30:00Z', '15:30'],
    ['2026-12-03T08:15:00.123+05:30', '08:15'],
    ['3pm', '15:00'],
    ['3 PM', '15:00'],
    ['3:30 PM', '15:30'],
    ['11:45am', '11:45'],
    ['12am', '00:00'],
    ['12pm', '12:00'],
    ['12:30 am', '00:30'],
  ];
  for (const [text, iso] of strings) {
    test(`reads "${text}" as ${iso}`, () => {
      assert.equal(toTimeOfDay(text)?.iso, iso);
    });
  }

  const invalid: [string, unknown][] = [
    ['24:00', '24:00'],
    ['10:60', '10:60'],
    ['10:30:60', '10:30:60'],
    ['13pm', '13pm'],
    ['0am', '0am'],
    ['3:75 pm', '3:75 pm'],
    ['hours 25', { hours: 25 }],
    ['minutes -1', { hours: 1, minutes: -1 }],
    ['fractional hours', { hours: 1.5 }],
    ['no hours', { minutes: 30 }],
    ['a word', 'noon'],
    ['a number', 1530],
    ['null', null],
    ['undefined', undefined],
    ['an array', [15, 30]],
  ];
  for (const [what, value] of invalid) {
    test(`is undefined for ${what}`, () => {
      assert.equal(toTimeOfDay(value as never), undefined);
    });
  }
});

describe('today', () => {
  const now = new Date('2026-03-01T05:00:00Z');

  test('is the UTC date by default', () => {
    assert.equal(today(undefined, now).iso, '2026-03-01');
  });

  test('is the previous day west of UTC', () => {
    assert.deepEqual(today('America/Los_Angeles', now), { year: 2026, month: 2, day: 28, iso: '2026-02-28' });
  });

  test('is the next day far east of UTC', () => {
    assert.equal(today('Pacific/Kiritimati', new Date('2026-12-31T12:00:00Z')).iso, '2027-01-01');
  });

  test('uses the current time when none is given', () => {
    const expected = new Date().toISOString().slice(0, 10);
    const actual = today('UTC').iso;
    // Allow a midnight rollover between the two readings.
    assert.ok(actual === expected || actual > expected, `${actual} vs ${expected}`);
  });
});

describe('compareDates', () => {
  const date = (iso: string) => toCalendarDate(iso) as CalendarDate;

  test('is negative, positive or zero by calendar order', () => {
    assert.ok(compareDates(date('2026-01-31'), date('2026-02-01')) < 0);
    assert.ok(compareDates(date('2026-12-01'), date('2026-02-28')) > 0);
    assert.equal(compareDates(date('2026-05-05'), toCalendarDate({ year: 2026, month: 5, day: 5 }) as CalendarDate), 0);
  });

  test('orders years before 1000 correctly (iso is zero-padded)', () => {
    assert.ok(compareDates(toCalendarDate({ year: 999, month: 1, day: 1 }) as CalendarDate, date('2026-01-01')) < 0);
  });

  test(
    'orders years after 9999 after earlier years',
    () => {
      const far = toCalendarDate({ year: 10000, month: 1, day: 1 }) as CalendarDate;
      assert.ok(far, 'toCalendarDate accepts year 10000');
      assert.ok(compareDates(far, date('9999-12-31')) > 0, 'year 10000 must sort after 9999-12-31');
    },
  );

  test('sorts a list of dates', () => {
    const sorted = ['2026-03-01', '2025-12-31', '2026-01-15'].map(date).sort(compareDates).map((d) => d.iso);
    assert.deepEqual(sorted, ['2025-12-31', '2026-01-15', '2026-03-01']);
  });
});

// System functions (spec §14.4): each one once where it works and once at an edge.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateValue, SYSTEM_FUNCTIONS, type Scope } from '../../../src/simulator/expression/index.ts';
import { scopeWith } from './helpers.ts';

const scope = scopeWith({
  session: {
    list: ['a', 'b', 'c'],
    numbers: [1, 2, 2, 3],
    text: 'Dialogflow',
    address: { city: 'Oslo', lines: ['Main St 1', 'Floor 2'], 'zip-code': '0150' },
    shapes: { result: { shapes: [{ name: 'square', sides: 4 }, { name: 'triangle', sides: 3 }] } },
    json: '{"name": "test"}',
    number_text: '42',
    condition: '$session.params.text = Dialogflow',
  },
  flow: { counter: 2, missing_elems: ['country', 'route'] },
});

const run = (expression: string, within: Scope = scope) => evaluateValue(expression, within);
const fails = (expression: string, problem: RegExp, within: Scope = scope) =>
  assert.throws(() => run(expression, within), (error: Error & { code?: string; problem?: string }) => {
    assert.equal(error.code, 'CXH_ERR_INVALID_EXPRESSION');
    assert.match(error.problem ?? '', problem);
    return true;
  });

test('the registry has every function spec §14.4 lists', () => {
  const listed = 'ADD MINUS ROUND RAND NOW FORMAT_DATE IS_DATE IS_FUTURE_DATE IF IDENTITY TO_TEXT TO_NUMBER TO_OBJECT TO_PHONE_NUMBER IS_PHONE_NUMBER LEN LOWER CONCATENATE SUBSTITUTE MID SPLIT JOIN CONTAIN COUNT APPEND REMOVE GET GET_FIELD NESTED_FIELD FILTER';
  for (const name of listed.split(' ')) assert.ok(Object.hasOwn(SYSTEM_FUNCTIONS, name), `${name} is missing`);
});

describe('arithmetic', () => {
  test('ADD sums two or more numbers, numeric text included', () => {
    assert.equal(run('$sys.func.ADD(1, 2)'), 3);
    assert.equal(run('$sys.func.ADD($flow.counter, 1, "0.5")'), 3.5);
  });
  test('ADD refuses a value that is not a number, naming the argument', () => fails('$sys.func.ADD(1, abc)', /argument 2 must be a number, got "abc"/));
  test('ADD refuses an unset counter instead of guessing 0', () => fails('$sys.func.ADD($flow.missing, 1)', /argument 1 must be a number, got null/));
  test('MINUS subtracts the second number from the first', () => assert.equal(run('$sys.func.MINUS(3, 5)'), -2));
  test('MULTIPLY multiplies any count of numbers', () => assert.equal(run('$sys.func.MULTIPLY(2, 3, 4)'), 24));
  test('DIVIDE divides, and rounds to a scale when given one', () => {
    assert.equal(run('$sys.func.DIVIDE(10, 4)'), 2.5);
    assert.equal(run('$sys.func.DIVIDE(10, 3, 2)'), 3.33);
  });
  test('DIVIDE by zero is an error', () => fails('$sys.func.DIVIDE(1, 0)', /division by zero/));
  test('ROUND rounds half away from zero, to whole numbers by default', () => {
    assert.equal(run('$sys.func.ROUND(10.5678, 2)'), 10.57);
    assert.equal(run('$sys.func.ROUND(2.5)'), 3);
    assert.equal(run('$sys.func.ROUND(-2.5)'), -3);
    assert.equal(run('$sys.func.ROUND(1.005, 2)'), 1.01);
  });
  test('ROUND refuses a fractional number of digits', () => fails('$sys.func.ROUND(1.5, 0.5)', /whole number/));
  test('TO_NUMBER reads numeric text and keeps numbers', () => {
    assert.equal(run('$sys.func.TO_NUMBER("-3")'), -3);
    assert.equal(run('$sys.func.TO_NUMBER($session.params.number_text)'), 42);
    assert.equal(run('$sys.func.TO_NUMBER(7)'), 7);
    assert.equal(run('$sys.func.TO_NUMBER($flow.missing)'), null);
  });
  test('TO_NUMBER refuses text that is not a number', () => fails('$sys.func.TO_NUMBER("12abc")', /is not a number/));
});

describe('random values', () => {
  test('RAND (and the legacy rand) returns the scope random source', () => {
    assert.equal(run('$sys.func.RAND()'), 0.25);
    assert.equal(run('$sys.func.rand()', scopeWith({ random: () => 0.9 })), 0.9);
  });
  test('UUID builds a version-4 UUID from the random source, so runs repeat', () => {
    const id = run('$sys.func.UUID()');
    assert.match(String(id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(run('$sys.func.UUID()'), id);
  });
});

describe('text', () => {
  test('TO_TEXT renders numbers without .0 and unset as empty', () => {
    assert.equal(run('$sys.func.TO_TEXT(123.0)'), '123');
    assert.equal(run('$sys.func.TO_TEXT($flow.missing)'), '');
  });
  test('TO_TEXT joins lists with ", " and writes other objects as JSON', () => {
    assert.equal(run('$sys.func.TO_TEXT($session.params.address.lines)'), 'Main St 1, Floor 2');
    assert.equal(run('$sys.func.TO_TEXT($session.params.shapes.result.shapes[0])'), '{"name":"square","sides":4}');
  });
  test('LEN counts characters of text, and items of a list', () => {
    assert.equal(run('$sys.func.LEN($session.params.text)'), 10);
    assert.equal(run('$sys.func.LEN($session.params.list)'), 3);
  });
  test('LEN of an unset parameter is 0', () => assert.equal(run('$sys.func.LEN($flow.missing)'), 0));
  test('LOWER and UPPER change case', () => {
    assert.equal(run('$sys.func.LOWER("HeLLo")'), 'hello');
    assert.equal(run('$sys.func.UPPER("straße")'), 'STRASSE');
  });
  test('CONCATENATE joins any count of values as text', () => {
    assert.equal(run('$sys.func.CONCATENATE("Hello, ", "world", "!", 1)'), 'Hello, world!1');
    assert.equal(run('$sys.func.CONCATENATE($flow.missing, "x")'), 'x');
  });
  test('SUBSTITUTE replaces every match of a regular expression', () => {
    assert.equal(run('$sys.func.SUBSTITUTE("I like cats and cats", "cats", "dogs")'), 'I like dogs and dogs');
    assert.equal(run('$sys.func.SUBSTITUTE("a1b22c", "[0-9]+", "#")'), 'a#b#c');
  });
  test('SUBSTITUTE refuses an invalid regular expression', () => fails('$sys.func.SUBSTITUTE("a", "(", "b")', /not a valid regular expression/));
  test('MID takes a 1-based start and a length', () => {
    assert.equal(run('$sys.func.MID("Dialogflow", 2, 4)'), 'ialo');
    assert.equal(run('$sys.func.MID("google", 4, 10)'), 'gle');
    assert.equal(run('$sys.func.MID("google", 9, 2)'), '');
  });
  test('MID refuses a start of 0', () => fails('$sys.func.MID("google", 0, 2)', /1-based/));
  test('SPLIT splits on a regular expression and drops trailing empty parts, as Java does', () => {
    assert.deepEqual(run('$sys.func.SPLIT("apple,banana,,cherry,,", ",")'), ['apple', 'banana', '', 'cherry']);
    assert.deepEqual(run('$sys.func.SPLIT("a1b22c", "[0-9]+")'), ['a', 'b', 'c']);
  });
  test('JOIN joins a list, with an optional last separator', () => {
    assert.equal(run('$sys.func.JOIN(", ", $session.params.list)'), 'a, b, c');
    assert.equal(run('$sys.func.JOIN(", ", ["Alice", "Bob", "Charlie"], ", and ")'), 'Alice, Bob, and Charlie');
    assert.equal(run('$sys.func.JOIN(", ", ["Alice"], " and ")'), 'Alice');
  });
  test('JOIN refuses a value that is not a list', () => fails('$sys.func.JOIN(", ", "abc")', /argument 2 must be a list/));
  test('URL_ENCODE encodes as Java URLEncoder does', () => assert.equal(run('$sys.func.URL_ENCODE("a+b=c d!")'), 'a%2Bb%3Dc+d%21'));
  test('IS_CREDIT_CARD_NUMBER checks the Luhn sum', () => {
    assert.equal(run('$sys.func.IS_CREDIT_CARD_NUMBER("4111 1111 1111 1111")'), true);
    assert.equal(run('$sys.func.IS_CREDIT_CARD_NUMBER("4111111111111112")'), false);
    assert.equal(run('$sys.func.IS_CREDIT_CARD_NUMBER("1234")'), false);
  });
});

describe('lists', () => {
  test('CONTAIN finds an item, with bare words and casting', () => {
    assert.equal(run('$sys.func.CONTAIN($flow.missing_elems, country)'), true);
    assert.equal(run('$sys.func.CONTAIN($session.params.numbers, "2")'), true);
    assert.equal(run('$sys.func.CONTAIN($flow.missing_elems, locality)'), false);
  });
  test('CONTAIN on an unset list is false, and on text tests for a substring', () => {
    assert.equal(run('$sys.func.CONTAIN($flow.missing, country)'), false);
    assert.equal(run('$sys.func.CONTAIN("Dialogflow", "flow")'), true);
  });
  test('COUNT counts items; an unset list has 0', () => {
    assert.equal(run('$sys.func.COUNT([1, 2, 3])'), 3);
    assert.equal(run('$sys.func.COUNT($flow.missing)'), 0);
  });
  test('COUNT refuses text', () => fails('$sys.func.COUNT("abc")', /must be a list/));
  test('APPEND adds values and the items of lists, starting from an unset list', () => {
    assert.deepEqual(run('$sys.func.APPEND([1, 2], 3, 4)'), [1, 2, 3, 4]);
    assert.deepEqual(run('$sys.func.APPEND($flow.missing, "the city is $session.params.address.city")'), ['the city is Oslo']);
    assert.deepEqual(run('$sys.func.APPEND([1], [2, 3])'), [1, 2, 3]);
  });
  test('REMOVE drops every occurrence of the values given, one by one or as a list', () => {
    assert.deepEqual(run('$sys.func.REMOVE($session.params.numbers, 2)'), [1, 3]);
    assert.deepEqual(run('$sys.func.REMOVE($flow.missing_elems, ["country"])'), ['route']);
    assert.deepEqual(run('$sys.func.REMOVE($flow.missing, x)'), []);
  });
  test('GET reads a 0-based index; out of range is null', () => {
    assert.equal(run('$sys.func.GET(["a", "b", "c"], 1)'), 'b');
    assert.equal(run('$sys.func.GET(["a"], 5)'), null);
    assert.equal(run('$sys.func.GET(["a"], -1)'), null);
  });
  test('UNIQUE drops repeated items and MATCH finds an index (or -1)', () => {
    assert.deepEqual(run('$sys.func.UNIQUE($session.params.numbers)'), [1, 2, 3]);
    assert.equal(run('$sys.func.MATCH(["x", "y", "z"], y)'), 1);
    assert.equal(run('$sys.func.MATCH(["x"], w)'), -1);
  });
});

describe('objects', () => {
  test('IDENTITY returns its argument with its type', () => {
    assert.deepEqual(run('$sys.func.IDENTITY($session.params.address.lines)'), ['Main St 1', 'Floor 2']);
    assert.equal(run('$sys.func.IDENTITY($flow.missing)'), null);
  });
  test('GET_FIELD reads a field by quoted or bare name', () => {
    assert.equal(run('$sys.func.GET_FIELD($session.params.address, "city")'), 'Oslo');
    assert.equal(run('$sys.func.GET_FIELD($session.params.address, zip-code)'), '0150');
    assert.equal(run('$sys.func.GET_FIELD($session.params, text)'), 'Dialogflow');
  });
  test('GET_FIELD is null for a missing field or object, and an error on text', () => {
    assert.equal(run('$sys.func.GET_FIELD($session.params.address, "country")'), null);
    assert.equal(run('$sys.func.GET_FIELD($flow.missing, "country")'), null);
    fails('$sys.func.GET_FIELD("abc", "x")', /must be an object/);
  });
  test('NESTED_FIELD reads a field path of a quoted parameter reference', () => {
    assert.equal(run('$sys.func.NESTED_FIELD("$session.params.address", "zip-code")'), '0150');
    assert.equal(run('$sys.func.NESTED_FIELD("$session.params.address", "lines[1]")'), 'Floor 2');
    assert.equal(run('$sys.func.NESTED_FIELD("$session.params.shapes", "result", "shapes", "0", "name")'), null);
    assert.equal(run('$sys.func.NESTED_FIELD($session.params.shapes, "result.shapes[0].name")'), 'square');
  });
  test('NESTED_FIELD is null where the path leads nowhere', () => assert.equal(run('$sys.func.NESTED_FIELD("$session.params.address", "a", "b")'), null));
  test('FILTER applies a JSONPath to the quoted parameter and returns the matches', () => {
    assert.deepEqual(run('$sys.func.FILTER("$session.params.shapes", "$.result.shapes[:1]")'), [{ name: 'square', sides: 4 }]);
    assert.deepEqual(run('$sys.func.FILTER("$session.params.shapes", "$.result.shapes[?(@.sides == 3)].name")'), ['triangle']);
  });
  test('FILTER of an unset parameter is the empty list, and of text an error', () => {
    assert.deepEqual(run('$sys.func.FILTER("$flow.missing", "$[0]")'), []);
    fails('$sys.func.FILTER("$session.params.text", "$[0]")', /must be an object or a list/);
  });
  test("TO_OBJECT reads JSON and CX's single-quoted form with bare values", () => {
    assert.deepEqual(run('$sys.func.TO_OBJECT($session.params.json)'), { name: 'test' });
    assert.deepEqual(run(`$sys.func.TO_OBJECT("{'k': v, 'n': 2, 'list': ['x', true, null]}")`), { k: 'v', n: 2, list: ['x', true, null] });
  });
  test('TO_OBJECT refuses text that is not an object', () => {
    fails(`$sys.func.TO_OBJECT("{'k': v")`, /is not an object/);
    fails('$sys.func.TO_OBJECT("plain")', /is not an object/);
  });
});

describe('IF', () => {
  test('evaluates a quoted condition and returns the matching branch', () => {
    assert.equal(run('$sys.func.IF("$flow.counter > 1", "many", "few")'), 'many');
    assert.equal(run('$sys.func.IF("1 < 2", 1, 2)'), 1);
    assert.equal(run('$sys.func.IF("$flow.missing = null", "N/A", $flow.missing)'), 'N/A');
  });
  test('takes a function result or a reference holding a condition', () => {
    assert.deepEqual(run('$sys.func.IF($sys.func.CONTAIN($flow.missing_elems, route), $sys.func.REMOVE($flow.missing_elems, ["route"]), $flow.missing_elems)'), ['country']);
    assert.equal(run('$sys.func.IF($session.params.condition, yes, no)'), 'yes');
    assert.equal(run('$sys.func.IF($flow.missing, yes, no)'), 'no');
  });
  test('evaluates only the branch it takes', () => assert.equal(run('$sys.func.IF("true", ok, $sys.func.ADD(x, 1))'), 'ok'));
});

describe('dates', () => {
  const zoned = scopeWith({ timeZone: 'Pacific/Auckland' }); // 2026-11-27 04:04:05 there (UTC+13)
  test('NOW gives the clock as date and time fields in the scope time zone (UTC by default)', () => {
    assert.deepEqual(run('$sys.func.NOW()'), { year: 2026, month: 11, day: 26, hours: 15, minutes: 4, seconds: 5, nanos: 123_000_000 });
    assert.deepEqual(run('$sys.func.NOW()', zoned), { year: 2026, month: 11, day: 27, hours: 4, minutes: 4, seconds: 5, nanos: 123_000_000 });
  });
  test('NOW with an unknown time zone is an error', () => fails('$sys.func.NOW()', /unknown time zone/, scopeWith({ timeZone: 'Mars/Olympus' })));
  test('FORMAT_DATE follows Java patterns with names in the language asked for', () => {
    const date = scopeWith({ session: { d: { year: 2026, month: 12, day: 3 }, t: '2026-02-07T15:05:09' } });
    assert.equal(run('$sys.func.FORMAT_DATE($session.params.d, "yyyyMMdd")', date), '20261203');
    assert.equal(run('$sys.func.FORMAT_DATE($session.params.d, "EEEE, MMMM dd")', date), 'Thursday, December 03');
    assert.equal(run('$sys.func.FORMAT_DATE($session.params.d, "EEE d MMM yy")', date), 'Thu 3 Dec 26');
    assert.equal(run('$sys.func.FORMAT_DATE($session.params.t, "M/d, h:mm a \'at\' HH:mm:ss, \'\'\'quoted\'\'\' \'\'")', date), "2/7, 3:05 PM at 15:05:09, 'quoted' '");
    assert.equal(run('$sys.func.FORMAT_DATE($session.params.d, "EEEE d MMMM", "fr")', date), 'jeudi 3 décembre');
    assert.equal(run('$sys.func.FORMAT_DATE($sys.func.NOW(), "yyyy-MM-dd HH:mm:ss.SSS")'), '2026-11-26 15:04:05.123');
  });
  test('FORMAT_DATE refuses time letters for a date, unsupported letters and non-dates', () => {
    fails('$sys.func.FORMAT_DATE("2026-12-03", "HH:mm")', /needs a time of day/);
    fails('$sys.func.FORMAT_DATE("2026-12-03", "yyyy Q")', /pattern letter Q is not supported/);
    fails('$sys.func.FORMAT_DATE("tomorrow", "yyyy")', /must be a date/);
    fails('$sys.func.FORMAT_DATE("2026-12-03", "\'open")', /unterminated quote/);
  });
  test('IS_DATE checks text against a Java pattern strictly', () => {
    assert.equal(run('$sys.func.IS_DATE("2021-04-29", "uuuu-MM-dd")'), true);
    assert.equal(run('$sys.func.IS_DATE("21 Apr 29", "yy MMM dd", "en")'), true);
    assert.equal(run('$sys.func.IS_DATE("Thursday, December 03 2026", "EEEE, MMMM dd yyyy")'), true);
    assert.equal(run('$sys.func.IS_DATE("2024-02-29", "yyyy-MM-dd")'), true);
  });
  test('IS_DATE is false for impossible dates, wrong weekdays and other shapes', () => {
    assert.equal(run('$sys.func.IS_DATE("2021-02-29", "yyyy-MM-dd")'), false);
    assert.equal(run('$sys.func.IS_DATE("2021-13-01", "yyyy-MM-dd")'), false);
    assert.equal(run('$sys.func.IS_DATE("Friday, December 03 2026", "EEEE, MMMM dd yyyy")'), false);
    assert.equal(run('$sys.func.IS_DATE("2021/04/29", "yyyy-MM-dd")'), false);
    assert.equal(run('$sys.func.IS_DATE("25:00", "HH:mm")'), false);
  });
  test('IS_FUTURE_DATE and IS_PAST_DATE compare with now, by date when only a date is given', () => {
    assert.equal(run('$sys.func.IS_FUTURE_DATE("2026-11-27")'), true);
    assert.equal(run('$sys.func.IS_FUTURE_DATE("2026-11-26")'), false);
    assert.equal(run('$sys.func.IS_PAST_DATE("2026-11-26")'), false);
    assert.equal(run('$sys.func.IS_PAST_DATE($session.params.d)', scopeWith({ session: { d: { year: 2026, month: 11, day: 25 } } })), true);
    assert.equal(run('$sys.func.IS_FUTURE_DATE("2026-11-26T15:05:00")'), true);
    assert.equal(run('$sys.func.IS_PAST_DATE("2026-11-26T15:04:00")'), true);
  });
  test('IS_FUTURE_DATE uses the scope time zone: 26 November is past in Auckland already', () => {
    assert.equal(run('$sys.func.IS_PAST_DATE("2026-11-26")', zoned), true);
  });
  test('ADD_DATE adds units like Java, clamping the day when months are added', () => {
    assert.deepEqual(run('$sys.func.ADD_DATE("2026-01-31", 1, "MONTHS")'), { year: 2026, month: 2, day: 28 });
    assert.deepEqual(run('$sys.func.ADD_DATE("2026-12-30", 5, "days")'), { year: 2027, month: 1, day: 4 });
    assert.deepEqual(run('$sys.func.ADD_DATE("2026-12-31T23:30:00", 45, "MINUTES")'), { year: 2027, month: 1, day: 1, hours: 0, minutes: 15, seconds: 0, nanos: 0 });
  });
  test('ADD_DATE refuses an unknown unit', () => fails('$sys.func.ADD_DATE("2026-01-31", 1, "fortnights")', /unknown unit/));
});

describe('phone numbers', () => {
  test('TO_PHONE_NUMBER parses a number in a region (US by default)', () => {
    assert.deepEqual(run('$sys.func.TO_PHONE_NUMBER("650-206-5555")'), { countryCode: 1, nationalNumber: '6502065555', e164: '+16502065555', regionCode: 'US' });
    assert.deepEqual(run('$sys.func.TO_PHONE_NUMBER("020 7946 0018", "GB")'), { countryCode: 44, nationalNumber: '2079460018', e164: '+442079460018', regionCode: 'GB' });
  });
  test('TO_PHONE_NUMBER refuses text that is not a phone number, and an unknown region', () => {
    fails('$sys.func.TO_PHONE_NUMBER("call me")', /is not a phone number/);
    fails('$sys.func.TO_PHONE_NUMBER("650-206-5555", "XX")', /unknown region/);
  });
  test('IS_PHONE_NUMBER validates a number for a region', () => {
    assert.equal(run('$sys.func.IS_PHONE_NUMBER("650-206-5555", "US")'), true);
    assert.equal(run('$sys.func.IS_PHONE_NUMBER("+16502065555")'), true);
    assert.equal(run('$sys.func.IS_PHONE_NUMBER("12345")'), false);
  });
});

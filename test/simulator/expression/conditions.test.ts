// Condition semantics (spec §14.3): operators per type, casting, unset parameters, precedence.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateCondition } from '../../../src/simulator/expression/index.ts';
import { scopeWith } from './helpers.ts';

const scope = scopeWith({
  session: {
    name: 'New York',
    count: 3,
    zip: '02134',
    done: true,
    off: false,
    empty: '',
    tags: ['red', 'blue'],
    numbers: [1, 2, 3],
    date: { year: 2026, month: 12, day: 3 },
    time: { hours: 15, minutes: 30, seconds: 0, nanos: 0 },
    person: { name: 'Ann', original: 'ann' },
    'type-of-property': 'residential',
  },
  flow: { retries: 1, limit: 2, word: 'mobile' },
  page: { params: {}, status: 'FINAL' },
});

const holds = (condition: string) => evaluateCondition(condition, scope);

function table(rows: [condition: string, expected: boolean][]): void {
  for (const [condition, expected] of rows) {
    test(`${condition} is ${expected}`, () => assert.equal(holds(condition), expected));
  }
}

describe('strings', () => {
  table([
    ['$session.params.name = "New York"', true],
    ['$session.params.name = "new york"', false],
    ['$session.params.name != "Boston"', true],
    ['$session.params.name != "New York"', false],
    ['$session.params.name : York', true],
    ['$session.params.name : "w Y"', true],
    ['$session.params.name : Boston', false],
    ['$session.params.name < "Boston"', false],
    ['$session.params.name > "Boston"', true],
    ['$session.params.name >= "New York"', true],
    ['$session.params.name <= "New"', false],
    ['$session.params.empty = ""', true],
    ['$session.params.empty != ""', false],
    ['$flow.word = mobile', true],
    ['$session.params.type-of-property = "residential"', true],
  ]);
  test('the right side keeps its spelling when a string is compared with a number literal', () => {
    assert.equal(holds('$session.params.zip = 02134'), true);
    assert.equal(holds('$session.params.zip = 2134'), false);
  });
  test('strings order lexicographically, not numerically', () => {
    assert.equal(evaluateCondition('$session.params.n < 9', scopeWith({ session: { n: '10' } })), true);
  });
});

describe('numbers', () => {
  table([
    ['$session.params.count = 3', true],
    ['$session.params.count = 3.0', true],
    ['$session.params.count = "3"', true],
    ['$session.params.count != 3', false],
    ['$session.params.count < 10', true],
    ['$session.params.count <= 3', true],
    ['$session.params.count > 3', false],
    ['$session.params.count >= 2.5', true],
    ['$session.params.count : 3', true],
    ['$session.params.count = three', false],
    ['$session.params.count != three', true],
    ['$session.params.count < three', false],
    ['$flow.retries < $flow.limit', true],
    ['$flow.retries = $flow.limit', false],
  ]);
  test('numbers compare numerically where strings would not (10 > 9)', () => {
    assert.equal(evaluateCondition('$session.params.n > 9', scopeWith({ session: { n: 10 } })), true);
  });
});

describe('booleans', () => {
  table([
    ['$session.params.done = true', true],
    ['$session.params.done = True', true],
    ['$session.params.done = TRUE', true],
    ['$session.params.done = "true"', true],
    ['$session.params.done != true', false],
    ['$session.params.off = false', true],
    ['$session.params.off = False', true],
    ['$session.params.done = yes', false],
    ['$session.params.done != yes', true],
    ['$session.params.done > false', false],
  ]);
});

describe('lists', () => {
  table([
    ['$session.params.tags : red', true],
    ['$session.params.tags : green', false],
    ['$session.params.numbers : 2', true],
    ['$session.params.numbers : "2"', true],
    ['$session.params.tags = ["red", "blue"]', true],
    ['$session.params.tags = ["blue", "red"]', false],
    ['$session.params.tags != ["red"]', true],
    ['$session.params.numbers > 1', false],
    ['$flow.word : [mobile, landline]', true],
    ['$flow.word : [landline]', false],
  ]);
});

describe('objects', () => {
  table([
    ['$session.params.date = 2026-12-03', true],
    ['$session.params.date = "2026-12-03"', true],
    ['$session.params.date < 2027-01-01', true],
    ['$session.params.date > 2026-12-03', false],
    ['$session.params.date >= 2026-12-03', true],
    ['$session.params.time > "15:00:00"', true],
    ['$session.params.time < "15:00:00"', false],
    ['$session.params.person.name = Ann', true],
    ['$session.params.person = $session.params.person', true],
    ['$session.params.person = Ann', false],
    ['$session.params.person != Ann', true],
    ['$session.params.person > Ann', false],
  ]);
});

describe('null and unset parameters', () => {
  table([
    ['$session.params.missing = null', true],
    ['$session.params.missing = NULL', true],
    ['$session.params.missing != null', false],
    ['$session.params.name = null', false],
    ['$session.params.name != null', true],
    ['$session.params.empty != null', true],
    ['$session.params.missing = ""', false],
    ['$session.params.missing = 0', false],
    ['$session.params.missing != "x"', false],
    ['$session.params.missing < 5', false],
    ['$session.params.missing : x', false],
    ['$session.params.missing = $session.params.other', true],
    ['$session.params.name = $session.params.missing', false],
    ['$session.params.name.deeper.still = null', true],
    ['$session.params.tags[5] = null', true],
  ]);
});

describe('boolean operators and precedence', () => {
  table([
    ['$session.params.done = true AND $session.params.count = 3', true],
    ['$session.params.done = true AND $session.params.count = 4', false],
    ['$session.params.done = false OR $session.params.count = 3', true],
    ['$session.params.done = false OR $session.params.count = 4', false],
    // AND binds tighter: true OR (false AND false)
    ['$session.params.done = true OR $session.params.done = false AND $session.params.count = 4', true],
    // parentheses override: (true OR false) AND false
    ['($session.params.done = true OR $session.params.done = false) AND $session.params.count = 4', false],
    ['NOT $session.params.done = true', false],
    ['NOT $session.params.missing = 1', true],
    ['NOT NOT $session.params.done = true', true],
    ['NOT ($session.params.count = 3 AND $session.params.done = false)', true],
    ['(($session.params.count = 3))', true],
  ]);
  test('AND stops at the first false operand (a broken call after it is never run)', () => {
    assert.equal(holds('$session.params.count = 4 AND $sys.func.ADD($session.params.name, 1) = 2'), false);
    assert.throws(() => holds('$session.params.count = 3 AND $sys.func.ADD($session.params.name, 1) = 2'), { code: 'CXH_ERR_INVALID_EXPRESSION' });
  });
  test('OR stops at the first true operand', () => {
    assert.equal(holds('$session.params.count = 3 OR $sys.func.ADD($session.params.name, 1) = 2'), true);
  });
});

describe('a value as the whole condition', () => {
  table([
    ['true', true],
    ['True', true],
    ['false', false],
    ['$session.params.done', true],
    ['$session.params.off', false],
    ['$session.params.missing', false],
    ['$session.params.empty', false],
    ['$session.params.tags', true],
    ['$sys.func.CONTAIN($session.params.tags, red)', true],
    ['$sys.func.CONTAIN($session.params.tags, green)', false],
    ['NOT $session.params.missing', true],
  ]);
  test('an empty condition is true, as an empty conditional-response case is', () => {
    assert.equal(holds(''), true);
    assert.equal(holds('   '), true);
  });
});

describe('page form status', () => {
  test('$page.params.status is FINAL once the form is filled, with or without quotes', () => {
    assert.equal(holds('$page.params.status = FINAL'), true);
    assert.equal(holds('$page.params.status = "FINAL"'), true);
    assert.equal(evaluateCondition('$page.params.status = FINAL', scopeWith()), false);
  });
  test('$page.params.<name>.status is UPDATED only for parameters filled this turn', () => {
    const page = { params: { size: 'large', color: 'red' }, updated: new Set(['size']) };
    assert.equal(evaluateCondition('$page.params.size.status = "UPDATED"', scopeWith({ page })), true);
    assert.equal(evaluateCondition('$page.params.color.status = "UPDATED"', scopeWith({ page })), false);
  });
});

describe('functions on either side', () => {
  table([
    ['$sys.func.COUNT($session.params.tags) = 2', true],
    ['$sys.func.COUNT($session.params.missing) = 0', true],
    ['$sys.func.LOWER($session.params.name) = "new york"', true],
    ['$session.params.count = $sys.func.ADD(1, 2)', true],
  ]);
});

// Parameter references (spec §14.2): reading values, listing what a text reads, preset targets.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parameterTarget, referencesIn, resolveReference } from '../../../src/simulator/expression/index.ts';
import { scopeWith } from './helpers.ts';

const scope = scopeWith({
  session: {
    end_date: { endDate: { year: 2026, month: 1, day: 9 } },
    items: [{ sku: 'a1' }, { sku: 'b2' }],
    'type-of-property': 'house',
    'user.name': 'Ann',
    City: 'Oslo',
    zero: 0,
    blank: null,
  },
  flow: { counter: 2 },
  page: { params: { size: 'L' }, status: 'FINAL', updated: new Set(['size']) },
  intent: { displayName: 'book', params: { date: { original: 'next friday', resolved: { year: 2026, month: 12, day: 4 } } } },
  request: { webhook_status_code: 503, generative: { 'welcome-message': 'Hi!' }, knowledge: { answers: ['It opens at 9.'] }, sentiment: { score: -0.4 } },
});

describe('resolveReference', () => {
  const cases: [string, unknown][] = [
    ['$session.params.end_date.endDate.year', 2026],
    ['$session.params.items[1].sku', 'b2'],
    ['$session.params.items[0]', { sku: 'a1' }],
    ['$session.params.type-of-property', 'house'],
    ['$session.params.user.name', 'Ann'],
    ['$session.params.city', 'Oslo'],
    ['$session.params.zero', 0],
    ['$flow.counter', 2],
    ['$page.params.size', 'L'],
    ['$page.params.status', 'FINAL'],
    ['$page.params.size.status', 'UPDATED'],
    ['$intent.params.date.original', 'next friday'],
    ['$intent.params.date.resolved', { year: 2026, month: 12, day: 4 }],
    ['$intent.params.date.resolved.day', 4],
    ['$intent.params.date', { year: 2026, month: 12, day: 4 }],
    ['$request.webhook_status_code', 503],
    ['$request.generative.welcome-message', 'Hi!'],
    ['$request.knowledge.answers[0]', 'It opens at 9.'],
    ['$request.sentiment.score', -0.4],
  ];
  for (const [ref, expected] of cases) {
    test(`reads ${ref}`, () => assert.deepEqual(resolveReference(ref, scope), expected));
  }

  const unset = [
    '$session.params.missing',
    '$session.params.blank',
    '$session.params.items[7]',
    '$session.params.items[0].price',
    '$session.params.end_date.endDate.year.more',
    '$flow.missing',
    '$page.params.other.status',
    '$intent.params.other.original',
    '$request.generative.other',
  ];
  for (const ref of unset) {
    test(`is null for the unset ${ref}`, () => assert.equal(resolveReference(ref, scope), null));
  }

  test('reads the whole session map, as GET_FIELD($session.params, name) needs', () => {
    assert.equal((resolveReference('$session.params', scope) as Record<string, unknown>).zero, 0);
  });

  test('is null without a matched intent', () => {
    assert.equal(resolveReference('$intent.params.date.original', scopeWith()), null);
  });

  for (const bad of ['session.params.x', '$sessions.params.x', '$flow', '$flow.x y', '$sys.func.NOW()', '']) {
    test(`throws ExpressionError for ${JSON.stringify(bad)}`, () => {
      assert.throws(() => resolveReference(bad, scope), { name: 'ExpressionError', code: 'CXH_ERR_INVALID_EXPRESSION' });
    });
  }
});

describe('referencesIn', () => {
  test('lists each parameter once, in order of first use, with its scope', () => {
    assert.deepEqual(referencesIn('$flow.n < 2 AND $session.params.a.b = 1 OR $flow.n = $intent.params.x.original'), [
      { scope: 'flow', name: 'n' },
      { scope: 'session', name: 'a' },
      { scope: 'intent', name: 'x' },
    ]);
  });

  test('finds references inside quoted function arguments and message prose', () => {
    assert.deepEqual(referencesIn('$sys.func.NESTED_FIELD("$session.params.addr", "city") and "$flow.city." now'), [
      { scope: 'session', name: 'addr' },
      { scope: 'flow', name: 'city' },
    ]);
  });

  test('names request values by their path and leaves out $page.params.status', () => {
    assert.deepEqual(referencesIn('$page.params.status = FINAL $page.params.size $request.knowledge.answers[0] $request.generative.summary'), [
      { scope: 'page', name: 'size' },
      { scope: 'request', name: 'knowledge.answers' },
      { scope: 'request', name: 'generative.summary' },
    ]);
  });

  test('ignores $-words that are not references', () => {
    assert.deepEqual(referencesIn('$conversation costs $5 for $location'), []);
  });
});

describe('parameterTarget', () => {
  const cases: [string, unknown][] = [
    ['counter', { scope: 'session', path: ['counter'] }],
    ['a.b', { scope: 'session', path: ['a.b'] }],
    ['$flow.counter', { scope: 'flow', path: ['counter'] }],
    ['$session.params.address.city', { scope: 'session', path: ['address', 'city'] }],
    ['$page.params.size', { scope: 'page', path: ['size'] }],
    ['$sys.func.NESTED_FIELD("$session.params.address_collection_address", "zip-code")', { scope: 'session', path: ['address_collection_address', 'zip-code'] }],
    ['$sys.func.NESTED_FIELD($flow.obj, "a", "c[0]")', { scope: 'flow', path: ['obj', 'a', 'c', 0] }],
  ];
  for (const [parameter, expected] of cases) {
    test(`reads ${parameter}`, () => assert.deepEqual(parameterTarget(parameter), expected));
  }
  for (const bad of ['', '$request.x', '$intent.params.x', '$sys.func.ADD(1, 2)', '$flow.x + 1', '$sys.func.NESTED_FIELD("text", "a")']) {
    test(`refuses ${JSON.stringify(bad)} with ExpressionError`, () => {
      assert.throws(() => parameterTarget(bad), { code: 'CXH_ERR_INVALID_EXPRESSION' });
    });
  }
});

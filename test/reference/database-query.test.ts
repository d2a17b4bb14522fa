// The database-query tag over the seeded demo bank.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { ASK_QUERY_TYPE, ASK_USER_ID, UNKNOWN_USER } from '../../reference/handlers/database-query.ts';
import { cxRequest, openTestApp, texts } from './helpers.ts';

describe('database-query tag', async () => {
  const { app, close } = await openTestApp();
  after(close);
  const ask = (params: Record<string, string>) => app.inject(cxRequest({ tag: 'database-query', params }));

  test('the account balance is given with two decimals', async () => {
    const alex = await ask({ query_type: 'account_balance', user_id: 'u-1001' });
    assert.equal(alex.status, 200);
    assert.deepEqual(texts(alex.body), ['Your current account balance is $1,250.75.']);
    const sam = await ask({ query_type: 'account_balance', user_id: 'u-1002' });
    assert.deepEqual(texts(sam.body), ['Your current account balance is $42.10.']);
    const robin = await ask({ query_type: 'account_balance', user_id: 'u-1003' });
    assert.deepEqual(texts(robin.body), ['Your current account balance is $0.00.']);
  });

  test('recent transactions are the latest five, newest first, with signed amounts', async () => {
    const { body } = await ask({ query_type: 'recent_transactions', user_id: 'u-1001' });
    assert.deepEqual(texts(body), [
      [
        'Here are your recent transactions:',
        '• 2025-06-07: Coffee shop -$4.75',
        '• 2025-06-06: Refund: headphones $59.99',
        '• 2025-06-05: Bookshop -$23.99',
        '• 2025-06-03: Grocery store -$84.20',
        '• 2025-06-01: Rent -$1,450.00',
      ].join('\n'),
    ]);
  });

  test('transactions on the same day are listed latest recorded first', async () => {
    const { body } = await ask({ query_type: 'recent_transactions', user_id: 'u-1002' });
    const lines = (texts(body)[0] ?? '').split('\n').slice(1);
    assert.equal(lines.length, 5);
    assert.deepEqual(lines.slice(0, 2), ['• 2025-06-09: Pharmacy -$11.25', '• 2025-06-09: Bakery -$6.50']);
  });

  test('a customer without transactions is told so', async () => {
    const { body } = await ask({ query_type: 'recent_transactions', user_id: 'u-1003' });
    assert.deepEqual(texts(body), ['You have no recent transactions.']);
  });

  test('an unknown user gets a clear answer', async () => {
    const { body } = await ask({ query_type: 'account_balance', user_id: 'u-9999' });
    assert.deepEqual(texts(body), [UNKNOWN_USER]);
  });

  test('a missing query type or user id is asked for', async () => {
    assert.deepEqual(texts((await ask({ user_id: 'u-1001' })).body), [ASK_QUERY_TYPE]);
    assert.deepEqual(texts((await ask({ query_type: 'account_balance' })).body), [ASK_USER_ID]);
    assert.deepEqual(texts((await ask({ query_type: 'mortgage_rates', user_id: 'u-1001' })).body), [ASK_QUERY_TYPE]);
  });

  test('parameters are also read from the session, and the query type is read loosely', async () => {
    const { body } = await app.inject(
      cxRequest({ tag: 'database-query', sessionParams: { query_type: 'Account Balance', user_id: 'u-1002' } }),
    );
    assert.deepEqual(texts(body), ['Your current account balance is $42.10.']);
  });
});

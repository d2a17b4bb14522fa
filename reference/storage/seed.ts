// Demo data: bank customers with an account and a few weeks of transactions, so the database-query
// tag answers something real out of the box.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

interface DemoUser {
  id: string;
  name: string;
  balanceCents: number;
  /** [YYYY-MM-DD, description, cents]; deliberately not in date order, the query sorts. */
  transactions: [string, string, number][];
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    id: 'u-1001',
    name: 'Alex Doe',
    balanceCents: 125075,
    transactions: [
      ['2025-05-28', 'Salary', 320000],
      ['2025-06-03', 'Grocery store', -8420],
      ['2025-05-30', 'Electricity bill', -6150],
      ['2025-06-07', 'Coffee shop', -475],
      ['2025-06-01', 'Rent', -145000],
      ['2025-06-05', 'Bookshop', -2399],
      ['2025-06-06', 'Refund: headphones', 5999],
    ],
  },
  {
    id: 'u-1002',
    name: 'Sam Lee',
    balanceCents: 4210,
    transactions: [
      ['2025-06-02', 'Phone bill', -3500],
      ['2025-06-09', 'Bakery', -650],
      ['2025-05-25', 'Transfer from savings', 50000],
      ['2025-06-04', 'Cinema', -2400],
      ['2025-06-08', 'Train ticket', -1890],
      ['2025-06-09', 'Pharmacy', -1125],
    ],
  },
  {
    id: 'u-1003',
    name: 'Robin Roe',
    balanceCents: 0,
    transactions: [],
  },
];

/**
 * Inserts each demo user that is not there yet, with its account and transactions, in one
 * transaction. Idempotent, also when two processes seed at once: the user row is inserted with ON
 * CONFLICT DO NOTHING, and only the process whose insert took gets to add that user's rows.
 * @example const added = await seedDemoData(database.db); // ['u-1001', 'u-1002', 'u-1003'] the first time, [] after
 */
export async function seedDemoData(db: Kysely<Database>): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const added: string[] = [];
    for (const demo of DEMO_USERS) {
      const inserted = await trx.insertInto('users')
        .values({ id: demo.id, name: demo.name })
        .onConflict((conflict) => conflict.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) continue;
      await trx.insertInto('accounts').values({ user_id: demo.id, balance_cents: demo.balanceCents }).execute();
      if (demo.transactions.length > 0) {
        await trx.insertInto('transactions')
          .values(demo.transactions.map(([posted_on, description, amount_cents]) => ({ user_id: demo.id, posted_on, description, amount_cents })))
          .execute();
      }
      added.push(demo.id);
    }
    return added;
  });
}

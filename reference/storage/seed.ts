// Demo data for a first start: two bank customers with an account and a few weeks of transactions,
// so the database-query tag answers something real out of the box.
import type { SqliteDatabase } from './database.ts';

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

/** Inserts the demo users once: a database that already has users is left alone. */
export function seedDemoData(db: SqliteDatabase): boolean {
  const seed = db.transaction(() => {
    const users = db.prepare('SELECT count(*) FROM users').pluck().get() as number;
    if (users > 0) return false;
    const user = db.prepare('INSERT INTO users (id, name) VALUES (?, ?)');
    const account = db.prepare('INSERT INTO accounts (user_id, balance_cents) VALUES (?, ?)');
    const transaction = db.prepare('INSERT INTO transactions (user_id, posted_on, description, amount_cents) VALUES (?, ?, ?, ?)');
    for (const demo of DEMO_USERS) {
      user.run(demo.id, demo.name);
      account.run(demo.id, demo.balanceCents);
      for (const [postedOn, description, cents] of demo.transactions) transaction.run(demo.id, postedOn, description, cents);
    }
    return true;
  });
  return seed.immediate();
}

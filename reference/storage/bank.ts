// Read-only bank queries for the database-query tag. Amounts stay in integer cents here; turning
// them into words is the handler's job.
import type { SqliteDatabase } from './database.ts';

export interface Account {
  userId: string;
  balanceCents: number;
  currency: string;
}

export interface Transaction {
  /** YYYY-MM-DD */
  postedOn: string;
  description: string;
  amountCents: number;
}

export interface Bank {
  /** The user's account, or undefined for an unknown user. */
  account(userId: string): Account | undefined;
  /** The user's latest transactions, newest first (at most `limit`, default 5). */
  recentTransactions(userId: string, limit?: number): Transaction[];
}

/** Bank queries over the reference database. */
export function createBank(db: SqliteDatabase): Bank {
  const accountQuery = db.prepare<[string], Account>(
    'SELECT user_id AS userId, balance_cents AS balanceCents, currency FROM accounts WHERE user_id = ?',
  );
  const transactionsQuery = db.prepare<[string, number], Transaction>(
    `SELECT posted_on AS postedOn, description, amount_cents AS amountCents
       FROM transactions WHERE user_id = ?
      ORDER BY posted_on DESC, id DESC LIMIT ?`,
  );
  return {
    account: (userId) => accountQuery.get(userId),
    recentTransactions: (userId, limit = 5) => transactionsQuery.all(userId, limit),
  };
}

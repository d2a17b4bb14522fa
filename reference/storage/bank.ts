// Read-only bank queries for the database-query tag. Amounts stay in integer cents here; turning
// them into words is the handler's job.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

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
  account(userId: string): Promise<Account | undefined>;
  /** The user's latest transactions, newest first (at most `limit`, default 5). */
  recentTransactions(userId: string, limit?: number): Promise<Transaction[]>;
}

/**
 * Bank queries over the reference database (either engine).
 * @example const bank = createBank(database.db); await bank.account('u-1001');
 */
export function createBank(db: Kysely<Database>): Bank {
  return {
    account: (userId) =>
      db.selectFrom('accounts')
        .select(['user_id as userId', 'balance_cents as balanceCents', 'currency'])
        .where('user_id', '=', userId)
        .executeTakeFirst(),
    recentTransactions: (userId, limit = 5) =>
      db.selectFrom('transactions')
        .select(['posted_on as postedOn', 'description', 'amount_cents as amountCents'])
        .where('user_id', '=', userId)
        // Same day: the one recorded last comes first.
        .orderBy('posted_on', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),
  };
}

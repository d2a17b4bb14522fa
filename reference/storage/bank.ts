// Read-only bank queries for the database-query tag. Amounts stay in integer cents here; turning
// them into words is the handler's job.
import type { CompiledQuery } from 'kysely';
import type { AppDatabase } from './database.ts';

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
 * Bank queries over the reference database (either engine): Kysely writes the SQL for both, and
 * the database runs it as a plain read.
 * @example const bank = createBank(database); await bank.account('u-1001');
 */
export function createBank(database: Pick<AppDatabase, 'db' | 'read'>): Bank {
  const { db } = database;
  // Built and compiled once, then run with each call's values: Kysely's builder and compiler cost
  // more per call than SQLite takes to answer (in-process, a balance went from ~15 to ~9 µs).
  const account = db
    .selectFrom('accounts')
    .select(['user_id as userId', 'balance_cents as balanceCents', 'currency'])
    .where('user_id', '=', '')
    .compile();
  const recent = db
    .selectFrom('transactions')
    .select(['posted_on as postedOn', 'description', 'amount_cents as amountCents'])
    .where('user_id', '=', '')
    // Same day: the one recorded last comes first.
    .orderBy('posted_on', 'desc')
    .orderBy('id', 'desc')
    .limit(0)
    .compile();
  return {
    account: async (userId) => (await database.read(withParameters(account, [userId])))[0],
    recentTransactions: (userId, limit = 5) => database.read(withParameters(recent, [userId, limit])),
  };
}

/** The same statement with other values, in the order the compiled query placed them. */
function withParameters<Row>(query: CompiledQuery<Row>, parameters: readonly unknown[]): CompiledQuery<Row> {
  if (parameters.length !== query.parameters.length) throw new Error(`expected ${query.parameters.length} parameters, got ${parameters.length}`);
  return { ...query, parameters };
}

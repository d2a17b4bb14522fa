// The tables as Kysely sees them: one type for both engines. Dates, times and timestamps are ISO
// text on both (no engine date types), so values read back the same from SQLite and PostgreSQL.
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  name: string;
}

/** Money in integer cents: floating point cannot hold 0.10 exactly. */
export interface AccountsTable {
  user_id: string;
  balance_cents: number;
  currency: Generated<string>;
}

export interface TransactionsTable {
  id: Generated<number>;
  user_id: string;
  /** YYYY-MM-DD */
  posted_on: string;
  description: string;
  /** Negative for money going out. */
  amount_cents: number;
}

export interface BookingsTable {
  id: Generated<number>;
  confirmation_id: string;
  session: string;
  /** Null when the call carried none: NULLs never collide, so no deduplication for it. */
  detect_intent_response_id: string | null;
  /** Lower case, single spaces: "Haircut" and "haircut" are one service's slots. */
  service: string;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
  /** ISO timestamp */
  created_at: string;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface Database {
  users: UsersTable;
  accounts: AccountsTable;
  transactions: TransactionsTable;
  bookings: BookingsTable;
  schema_migrations: SchemaMigrationsTable;
}

// The schema, as an ordered list of steps. A step is never edited once released: change the schema
// by appending a step, so every existing database walks the same path to the same shape.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'bank: users, accounts, transactions',
    sql: `
      CREATE TABLE users (
        id   TEXT PRIMARY KEY,
        name TEXT NOT NULL
      );
      -- Money in integer cents: floating point cannot hold 0.10 exactly.
      CREATE TABLE accounts (
        user_id       TEXT PRIMARY KEY REFERENCES users(id),
        balance_cents INTEGER NOT NULL,
        currency      TEXT NOT NULL DEFAULT 'USD'
      );
      CREATE TABLE transactions (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id      TEXT NOT NULL REFERENCES users(id),
        posted_on    TEXT NOT NULL,              -- YYYY-MM-DD
        description  TEXT NOT NULL,
        amount_cents INTEGER NOT NULL            -- negative for money going out
      );
      CREATE INDEX transactions_by_user_date ON transactions (user_id, posted_on DESC, id DESC);
    `,
  },
  {
    version: 2,
    name: 'bookings',
    sql: `
      CREATE TABLE bookings (
        id                        INTEGER PRIMARY KEY AUTOINCREMENT,
        confirmation_id           TEXT NOT NULL UNIQUE,
        session                   TEXT NOT NULL,
        -- CX retries a webhook call with the same id: one booking per (session, id).
        -- NULL when the caller sent none (SQLite treats NULLs as distinct, so no deduplication).
        detect_intent_response_id TEXT,
        service                   TEXT NOT NULL,
        date                      TEXT NOT NULL, -- YYYY-MM-DD
        time                      TEXT NOT NULL, -- HH:MM[:SS]
        created_at                TEXT NOT NULL,
        UNIQUE (session, detect_intent_response_id)
      );
    `,
  },
];

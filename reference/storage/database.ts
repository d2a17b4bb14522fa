// Opens the SQLite database, brings its schema up to date and seeds demo data on first start.
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { seedDemoData } from './seed.ts';

export type SqliteDatabase = BetterSqlite3.Database;

export interface AppDatabase {
  readonly db: SqliteDatabase;
  readonly file: string;
  /** For readiness checks: true when the database answers a query. */
  ping(): boolean;
  close(): void;
}

export interface OpenDatabaseOptions {
  /** Insert the demo users on first start (default true). */
  seed?: boolean;
  /** Schema steps (default MIGRATIONS), for tests of the migration runner. */
  migrations?: readonly Migration[];
}

export const DATABASE_FILE = 'cxhook.sqlite';

/**
 * Opens `${dataDir}/cxhook.sqlite`, creating the directory if needed.
 * @example const database = openDatabase(config.dataDir); database.ping();
 */
export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): AppDatabase {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE);
  const db = new BetterSqlite3(file);
  try {
    // WAL lets readers go on while a booking is written; busy_timeout waits out another process's
    // write lock instead of failing at once.
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db, options.migrations ?? MIGRATIONS);
    if (options.seed ?? true) seedDemoData(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const ping = db.prepare('SELECT 1').pluck();
  return {
    db,
    file,
    ping: () => ping.get() === 1,
    close: () => {
      if (db.open) db.close();
    },
  };
}

/** The schema versions applied so far, in order. */
export function appliedVersions(db: SqliteDatabase): number[] {
  return db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
}

/** Applies the steps not applied yet, each in its own transaction together with its record. */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const versions = migrations.map((migration) => migration.version);
  if (versions.some((version, index) => index > 0 && version <= (versions[index - 1] as number))) {
    throw new Error(`migrations must have increasing versions, got ${versions.join(', ')}`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  // IMMEDIATE takes the write lock before reading the version, so two processes starting together
  // cannot both apply the same step.
  const step = db.transaction((migration: Migration) => {
    const done = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
    if (done) return;
    db.exec(migration.sql);
    record.run(migration.version, migration.name, new Date().toISOString());
    applied.push(migration.version);
  });
  for (const migration of migrations) step.immediate(migration);
  return applied;
}

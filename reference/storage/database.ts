// Opens the reference database on one of two engines behind one Kysely type: SQLite in DATA_DIR (the
// default, nothing to set up) or PostgreSQL when DATABASE_URL is set. Then brings the schema up to
// date and seeds the demo data. The pg driver is imported only for PostgreSQL.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type CompiledQuery, type SqliteDatabase } from 'kysely';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { redactUrlPassword } from '../redact-url.ts';
import { migrate, MIGRATIONS, type Engine, type Migration } from './migrations.ts';
import type { Database } from './schema.ts';
import { seedDemoData } from './seed.ts';

export type { Engine } from './migrations.ts';

export interface AppDatabase {
  readonly engine: Engine;
  readonly db: Kysely<Database>;
  /** The SQLite file, or the PostgreSQL URL without its password: safe to log. */
  readonly location: string;
  /**
   * Runs a read-only query Kysely compiled (`db.selectFrom(…).compile()`) and resolves with its
   * rows. On SQLite it runs on a read-only connection of its own, outside Kysely's executor and
   * never inside a transaction another call has open.
   */
  read<Row>(query: CompiledQuery<Row>): Promise<Row[]>;
  /** For readiness checks: resolves when the database answers a query, rejects with the reason otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Directory of the SQLite file; used when `databaseUrl` is unset. */
  dataDir?: string;
  /** postgres:// URL: PostgreSQL instead of SQLite. */
  databaseUrl?: string | undefined;
  /** PostgreSQL connections per process (default 10). */
  poolMax?: number;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Insert the demo users that are missing (default true). */
  seed?: boolean;
  /** Schema steps (default MIGRATIONS), for tests of the runner. */
  migrations?: readonly Migration[];
}

export const DATABASE_FILE = 'cxhook.sqlite';
/** Distinct SQL texts whose prepared statements are kept; the app has about a dozen. */
const STATEMENT_CACHE_SIZE = 100;
export const DEFAULT_POOL_MAX = 10;
const PG_INT8 = 20;

/**
 * Opens the SQLite database `${dataDir}/cxhook.sqlite` without migrating it, creating the
 * directory if needed. Synchronous, for callers that cannot wait (openDatabase is the usual way).
 * @example const database = sqliteDatabase('./data'); await database.ping();
 */
export function sqliteDatabase(dataDir: string): AppDatabase {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE);
  const binding = addonPath();
  const connection = new BetterSqlite3(file, binding ? { nativeBinding: binding } : {});
  try {
    // WAL lets readers go on while a booking is written; busy_timeout waits out another process's
    // write lock instead of failing at once; synchronous=FULL syncs the WAL at every commit, so a
    // confirmed booking survives a power cut, not only a killed process.
    connection.pragma('journal_mode = WAL');
    connection.pragma('busy_timeout = 5000');
    connection.pragma('synchronous = FULL');
    connection.pragma('foreign_keys = ON');
  } catch (error) {
    connection.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: reusingStatements(connection) }) });
  let closed = false;
  // Opened on the first read, once migrations have made the tables; WAL lets it read while the
  // writer commits. Its statements take an array of values, as Kysely compiled them.
  let reader: { connection: BetterSqlite3.Database; statements: SqliteDatabase } | undefined;
  const readerOf = () => {
    if (!reader) {
      const readOnly = new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
      readOnly.pragma('busy_timeout = 5000');
      reader = { connection: readOnly, statements: reusingStatements(readOnly) };
    }
    return reader.statements;
  };
  return {
    engine: 'sqlite',
    db,
    location: file,
    // Kysely's executor costs more per call than SQLite takes to answer a keyed read (~7 µs against
    // ~4 µs in-process); the statement runs synchronously, so nothing waits for a pool or a mutex.
    read: <Row>(query: CompiledQuery<Row>) => {
      if (closed) return Promise.reject(new Error('the database is not open'));
      try {
        return Promise.resolve(readerOf().prepare(query.sql).all(query.parameters as unknown[]) as Row[]);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    ping: async () => {
      if (closed || !connection.open) throw new Error('the database is not open');
      await sql`SELECT 1`.execute(db);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      reader?.connection.close();
      await db.destroy();
    },
  };
}

/**
 * Where better-sqlite3's compiled addon is. Left to itself it finds it through the `bindings`
 * package, which probes a dozen paths and reads a stack trace (~4 ms of every cold start); undefined
 * (let it search) when the addon is not at the usual place of a source build.
 */
function addonPath(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
  } catch {
    return undefined;
  }
}

/**
 * Kysely's SQLite driver prepares every query anew; the queries here are the same few texts, so
 * their prepared statements are kept and reused (measured here: a bank query takes 15-25% less time).
 * A statement still being iterated (busy) is never handed out twice.
 */
function reusingStatements(connection: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => connection.close(),
    prepare(text) {
      const cached = statements.get(text);
      if (cached && !cached.busy) return cached;
      const statement = connection.prepare(text);
      if (!cached && statements.size < STATEMENT_CACHE_SIZE) statements.set(text, statement);
      return statement;
    },
  };
}

/**
 * A PostgreSQL pool behind Kysely, without migrating. `pg` is imported here and nowhere else.
 * @example const database = await postgresDatabase('postgres://postgres@127.0.0.1:5432/test', 10);
 */
export async function postgresDatabase(databaseUrl: string, poolMax = DEFAULT_POOL_MAX): Promise<AppDatabase> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolMax,
    // A server that does not answer must fail the call well inside CX's 5 s, not after it.
    connectionTimeoutMillis: 2000,
    // int8 (count(*), sums) arrives as a string by default, to be safe past 2^53; these values never
    // get there, so they are read as numbers, and a larger one stays a string rather than lose digits.
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === PG_INT8 && format !== 'binary') {
          return (text: string) => (Number.isSafeInteger(Number(text)) ? Number(text) : text);
        }
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process: the
  // pool replaces it, and the next query or readiness check reports a server that stays away.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    engine: 'postgres',
    db,
    location: redactUrlPassword(databaseUrl),
    read: async <Row>(query: CompiledQuery<Row>) => [...(await db.executeQuery(query)).rows],
    ping: async () => {
      if (closed) throw new Error('the database is not open');
      await sql`SELECT 1`.execute(db);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/**
 * Opens the engine the options name, applies pending migrations and seeds the demo data.
 * @example const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.database.url });
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<AppDatabase> {
  const database = options.databaseUrl
    ? await postgresDatabase(options.databaseUrl, options.poolMax)
    : sqliteDatabase(options.dataDir ?? './data');
  try {
    if (options.migrate ?? true) await migrate(database.db, database.engine, options.migrations ?? MIGRATIONS);
    if (options.seed ?? true) await seedDemoData(database.db);
  } catch (error) {
    await database.close();
    // Say which database, so a start-up failure points at the right server or file.
    throw new Error(`${database.engine} database at ${database.location}: ${(error as Error).message}`, { cause: error });
  }
  return database;
}

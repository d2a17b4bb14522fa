// The storage engines the reference tests run against: SQLite always, PostgreSQL on 127.0.0.1:5432
// (database `test`) when it answers. Each PostgreSQL database here lives in its own fresh schema,
// dropped at close, so parallel test files and other users of the server never see each other's rows.
// Without a server the PostgreSQL tests are skipped with how to enable them; CXHOOK_REQUIRE_POSTGRES=1
// (CI) turns that into a failure.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type AppDatabase, type Engine, type OpenDatabaseOptions } from '../../reference/storage/database.ts';
import { tempDir } from './helpers.ts';

export const POSTGRES_URL = process.env.CXHOOK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const POSTGRES_REQUIRED = process.env.CXHOOK_REQUIRE_POSTGRES === '1';

/** True when a PostgreSQL server answers at POSTGRES_URL within 2 s. */
export async function postgresReachable(url = POSTGRES_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A new empty schema, and the URL whose connections use it (search_path), dropped by `drop`. */
export async function freshSchema(url = POSTGRES_URL): Promise<{ schema: string; url: string; drop: () => Promise<void> }> {
  const schema = `cxhook_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  return { schema, url: scoped.toString(), drop: () => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}

export interface TestDatabase {
  database: AppDatabase;
  /** What a second process would pass to reach the same database. */
  options: OpenDatabaseOptions;
  close: () => Promise<void>;
}

export interface EngineUnderTest {
  engine: Engine;
  /** false, or why the engine's tests are skipped. */
  skip: string | false;
  /** A fresh, migrated and seeded database (options override, e.g. `seed: false`). */
  open(options?: Partial<OpenDatabaseOptions>): Promise<TestDatabase>;
  /** A fresh location without opening it: { options, remove }. */
  location(): Promise<{ options: OpenDatabaseOptions; remove: () => Promise<void> }>;
}

const reachable = await postgresReachable();

async function location(engine: Engine): Promise<{ options: OpenDatabaseOptions; remove: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const { dir, remove } = tempDir();
    return { options: { dataDir: dir }, remove: async () => remove() };
  }
  if (!reachable) throw new Error(`CXHOOK_REQUIRE_POSTGRES=1 but PostgreSQL does not answer at ${POSTGRES_URL}`);
  const { url, drop } = await freshSchema();
  return { options: { databaseUrl: url, poolMax: 5 }, remove: drop };
}

function engineUnderTest(engine: Engine): EngineUnderTest {
  const skip =
    engine === 'sqlite' || reachable || POSTGRES_REQUIRED
      ? false
      : `PostgreSQL does not answer at ${POSTGRES_URL}: start it (or point CXHOOK_TEST_DATABASE_URL at one) to run these tests; CI sets CXHOOK_REQUIRE_POSTGRES=1 so they fail instead`;
  return {
    engine,
    skip,
    location: () => location(engine),
    async open(overrides = {}) {
      const place = await location(engine);
      let database: AppDatabase;
      try {
        database = await openDatabase({ ...place.options, ...overrides });
      } catch (error) {
        await place.remove();
        throw error;
      }
      return {
        database,
        options: place.options,
        close: async () => {
          await database.close();
          await place.remove();
        },
      };
    },
  };
}

/** SQLite and PostgreSQL, for `for (const engine of ENGINES) describe(..., { skip: engine.skip }, ...)`. */
export const ENGINES: readonly EngineUnderTest[] = [engineUnderTest('sqlite'), engineUnderTest('postgres')];

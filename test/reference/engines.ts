// The storage engines the reference tests run against: SQLite always, PostgreSQL on 127.0.0.1:5432
// (database `test`) when it answers. Each PostgreSQL database here lives in its own fresh schema,
// dropped at close, so parallel test files and other users of the server never see each other's rows.
// Without a server the PostgreSQL tests are skipped with how to enable them; CXHOOK_REQUIRE_POSTGRES=1
// (CI) turns that into a failure.
import { DEFAULT_POSTGRES_URL, freshSchema as newSchema, postgresReachable as isReachable } from '../../tools/support/postgres.ts';
import { openDatabase, type AppDatabase, type Engine, type OpenDatabaseOptions } from '../../reference/storage/database.ts';
import { tempDir } from './helpers.ts';

export const POSTGRES_URL = process.env.CXHOOK_TEST_DATABASE_URL ?? DEFAULT_POSTGRES_URL;
export const POSTGRES_REQUIRED = process.env.CXHOOK_REQUIRE_POSTGRES === '1';

/** True when a PostgreSQL server answers at POSTGRES_URL within 2 s. */
export const postgresReachable = (url = POSTGRES_URL) => isReachable(url);

/** A new empty schema, and the URL whose connections use it (search_path), dropped by `drop`. */
export const freshSchema = (url = POSTGRES_URL) => newSchema(url, 'cxhook_test');

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

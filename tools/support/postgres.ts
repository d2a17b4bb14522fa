// PostgreSQL chores shared by the proof scripts, the bench and the tests: is a server there, run one
// statement, and a fresh schema (with the URL whose connections use it) that is dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where the scripts and tests look for PostgreSQL unless told otherwise. */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Runs one statement on its own connection.
 * @example await postgresStatement(url, 'CREATE SCHEMA demo');
 */
export async function postgresStatement(url: string, statement: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * True when a server answers a query at `url` within 2 s.
 * @example if (!(await postgresReachable(url))) console.error('skipped: no PostgreSQL');
 */
export async function postgresReachable(url: string): Promise<boolean> {
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

export interface FreshSchema {
  schema: string;
  /** `url` with `options=-c search_path=<schema>`: every connection made from it works in the schema. */
  url: string;
  drop(): Promise<void>;
}

/**
 * A new empty schema named `<prefix>_<pid>_<random>`, so parallel runs never see each other's rows.
 * @example const { url, drop } = await freshSchema(DEFAULT_POSTGRES_URL, 'cxhook_bench'); try { … } finally { await drop(); }
 */
export async function freshSchema(url: string, prefix: string): Promise<FreshSchema> {
  const schema = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await postgresStatement(url, `CREATE SCHEMA ${schema}`);
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  return { schema, url: scoped.toString(), drop: async () => void (await postgresStatement(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`)) };
}

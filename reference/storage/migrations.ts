// The schema as an ordered list of steps, and the runner that applies the missing ones. A step is
// never edited once released: change the schema by appending one, so every database (SQLite or
// PostgreSQL) walks the same path to the same shape. Steps 1 and 2 match the SQLite-only releases,
// so their databases carry on where they were.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';

export interface Migration {
  version: number;
  name: string;
  /** Runs inside the runner's transaction; `db` is that transaction's connection. */
  up(db: Kysely<any>, engine: Engine): Promise<void>;
}

export interface MigrationState {
  version: number;
  name: string;
  /** ISO timestamp; undefined while pending. */
  appliedAt: string | undefined;
}

/** An auto-numbered primary key in each engine's own words. */
const autoId = (engine: Engine) => (column: any) =>
  engine === 'postgres' ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement();

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'bank: users, accounts, transactions',
    async up(db, engine) {
      await db.schema.createTable('users').ifNotExists()
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createTable('accounts').ifNotExists()
        .addColumn('user_id', 'text', (column) => column.primaryKey().references('users.id'))
        .addColumn('balance_cents', 'integer', (column) => column.notNull())
        .addColumn('currency', 'text', (column) => column.notNull().defaultTo('USD'))
        .execute();
      await db.schema.createTable('transactions').ifNotExists()
        .addColumn('id', 'integer', autoId(engine))
        .addColumn('user_id', 'text', (column) => column.notNull().references('users.id'))
        .addColumn('posted_on', 'text', (column) => column.notNull())
        .addColumn('description', 'text', (column) => column.notNull())
        .addColumn('amount_cents', 'integer', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('transactions_by_user_date').ifNotExists()
        .on('transactions')
        .columns(['user_id', 'posted_on desc', 'id desc'])
        .execute();
    },
  },
  {
    version: 2,
    name: 'bookings',
    async up(db, engine) {
      await db.schema.createTable('bookings').ifNotExists()
        .addColumn('id', 'integer', autoId(engine))
        .addColumn('confirmation_id', 'text', (column) => column.notNull().unique())
        .addColumn('session', 'text', (column) => column.notNull())
        // CX retries a webhook call with the same id: one booking per (session, id). NULLs are
        // distinct in both engines, so a call without an id is not deduplicated.
        .addColumn('detect_intent_response_id', 'text')
        .addColumn('service', 'text', (column) => column.notNull())
        .addColumn('date', 'text', (column) => column.notNull())
        .addColumn('time', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addUniqueConstraint('bookings_session_detect_intent_response_id_key', ['session', 'detect_intent_response_id'])
        .execute();
    },
  },
  {
    version: 3,
    name: 'bookings: one booking per slot',
    async up(db) {
      // The database, not the code, refuses a second booking of a slot: that holds across processes
      // and replicas, and between two requests that both saw the slot free.
      await db.schema.createIndex('bookings_one_per_slot').unique().on('bookings').columns(['service', 'date', 'time']).execute();
    },
  },
];

function checkOrder(migrations: readonly Migration[]): void {
  const versions = migrations.map((migration) => migration.version);
  if (versions.some((version, index) => !Number.isSafeInteger(version) || (index > 0 && version <= (versions[index - 1] as number)))) {
    throw new Error(`migrations must have increasing whole-number versions, got ${versions.join(', ')}`);
  }
}

/**
 * Applies the steps not applied yet, all in one transaction that holds the engine's write lock
 * (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock per schema), so two processes starting
 * together never both apply a step: the second waits, then finds nothing left to do.
 * @example const applied = await migrate(database.db, database.engine); // [1, 2, 3] on a new database
 */
export async function migrate(db: Kysely<Database>, engine: Engine, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  checkOrder(migrations);
  return db.connection().execute(async (connection) => {
    await sql.raw(engine === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN').execute(connection);
    try {
      if (engine === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext('cxhook-migrate:' || current_schema()))`.execute(connection);
      await connection.schema.createTable('schema_migrations').ifNotExists()
        .addColumn('version', 'integer', (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('applied_at', 'text', (column) => column.notNull())
        .execute();
      const rows = await connection.selectFrom('schema_migrations').select('version').execute();
      const done = new Set(rows.map((row) => Number(row.version)));
      const applied: number[] = [];
      for (const migration of migrations) {
        if (done.has(migration.version)) continue;
        await migration.up(connection, engine);
        await connection.insertInto('schema_migrations')
          .values({ version: migration.version, name: migration.name, applied_at: new Date().toISOString() })
          .execute();
        applied.push(migration.version);
      }
      await sql`COMMIT`.execute(connection);
      return applied;
    } catch (error) {
      await sql`ROLLBACK`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Every known step with when it was applied (undefined: pending), plus steps the database has that
 * this code does not know (a newer release ran against it).
 * @example for (const step of await migrationStatus(database.db, database.engine)) console.log(step.version, step.appliedAt ?? 'pending');
 */
export async function migrationStatus(db: Kysely<Database>, engine: Engine, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationState[]> {
  // PostgreSQL lists the tables of every schema: only the one in use counts.
  const schema = engine === 'postgres' ? (await sql<{ name: string }>`SELECT current_schema() AS name`.execute(db)).rows[0]?.name : undefined;
  const tables = await db.introspection.getTables();
  const hasTable = tables.some((table) => table.name === 'schema_migrations' && (schema === undefined || table.schema === schema));
  const rows = hasTable ? await db.selectFrom('schema_migrations').selectAll().orderBy('version').execute() : [];
  const applied = new Map(rows.map((row) => [Number(row.version), row]));
  const known: MigrationState[] = migrations.map((migration) => ({
    version: migration.version,
    name: migration.name,
    appliedAt: applied.get(migration.version)?.applied_at,
  }));
  const unknown = rows
    .filter((row) => !migrations.some((migration) => migration.version === Number(row.version)))
    .map((row) => ({ version: Number(row.version), name: row.name, appliedAt: row.applied_at }));
  return [...known, ...unknown].sort((a, b) => a.version - b.version);
}

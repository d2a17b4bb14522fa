// The reference storage on both engines, with one suite: migrations, demo data, bank queries and
// bookings (one per slot, one per webhook call, under concurrency). SQLite always runs; PostgreSQL
// runs against 127.0.0.1:5432 in a fresh schema per database (see engines.ts for enabling it).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { buildApp } from '../../reference/app.ts';
import { BookingUnavailableError, type BookingRequest } from '../../reference/services/bookings/booking-system.ts';
import { createBank } from '../../reference/storage/bank.ts';
import { CONFIRMATION_ID, databaseBookings, newConfirmationId } from '../../reference/storage/bookings.ts';
import { DATABASE_FILE, openDatabase, postgresDatabase, sqliteDatabase, type AppDatabase } from '../../reference/storage/database.ts';
import { migrate, migrationStatus, MIGRATIONS, type Migration } from '../../reference/storage/migrations.ts';
import { DEMO_USERS, seedDemoData } from '../../reference/storage/seed.ts';
import { createLogger } from '../../src/index.ts';
import { ENGINES } from './engines.ts';
import { tempDir, testConfig } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VERSIONS = MIGRATIONS.map((migration) => migration.version);

const count = async (database: AppDatabase, table: 'users' | 'transactions' | 'bookings' | 'schema_migrations') =>
  Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

const request = (overrides: Partial<BookingRequest> = {}): BookingRequest => ({
  session: 'session-1',
  detectIntentResponseId: `call-${newConfirmationId()}`,
  service: 'haircut',
  date: '2031-06-13',
  time: '15:00',
  ...overrides,
});

/** `npm run db -- <command>` as a child process against `env`'s database. */
function dbCommand(command: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'reference/db.ts', command], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const envOf = (options: { dataDir?: string; databaseUrl?: string }): Record<string, string> =>
  options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATA_DIR: options.dataDir ?? '' };

for (const engine of ENGINES) {
  describe(`reference storage on ${engine.engine}`, { skip: engine.skip, timeout: 60_000 }, () => {
    describe('migrations', () => {
      test('a new database gets every step once, and opening it again applies nothing and seeds nothing more', async (t) => {
        const first = await engine.open();
        t.after(first.close);
        const status = await migrationStatus(first.database.db, first.database.engine);
        assert.deepEqual(status.map((step) => step.version), VERSIONS);
        assert.ok(status.every((step) => step.appliedAt !== undefined), 'every step is applied');
        const seeded = { users: await count(first.database, 'users'), transactions: await count(first.database, 'transactions') };
        assert.equal(seeded.users, DEMO_USERS.length);

        const again = await openDatabase(first.options);
        t.after(() => again.close());
        assert.deepEqual(await migrate(again.db, again.engine), []);
        assert.deepEqual(await seedDemoData(again.db), []);
        assert.deepEqual({ users: await count(again, 'users'), transactions: await count(again, 'transactions') }, seeded);
        assert.equal(await count(again, 'schema_migrations'), MIGRATIONS.length);
      });

      test('three processes migrating and seeding the same new database at once apply each step once', async (t) => {
        const place = await engine.location();
        t.after(place.remove);
        const runs = await Promise.all([1, 2, 3].map(() => dbCommand('seed', envOf(place.options))));
        for (const run of runs) assert.equal(run.code, 0, run.stderr);
        assert.equal(runs.filter((run) => /added demo users/.test(run.stdout)).length, 1, runs.map((run) => run.stdout).join(''));
        const database = await openDatabase({ ...place.options, migrate: false, seed: false });
        t.after(() => database.close());
        assert.equal(await count(database, 'schema_migrations'), MIGRATIONS.length);
        assert.equal(await count(database, 'users'), DEMO_USERS.length);
        assert.equal(await count(database, 'transactions'), DEMO_USERS.reduce((sum, user) => sum + user.transactions.length, 0));
      });

      test('a step appended later is applied on the next start; the earlier ones are not re-run', async (t) => {
        const opened = await engine.open();
        t.after(opened.close);
        const notes: Migration = {
          version: 99,
          name: 'notes',
          up: (db) => db.schema.createTable('notes').addColumn('id', 'integer', (column) => column.primaryKey()).addColumn('body', 'text').execute(),
        };
        assert.deepEqual(await migrate(opened.database.db, opened.database.engine, [...MIGRATIONS, notes]), [99]);
        const rows = await sql<{ n: number }>`SELECT count(*) AS n FROM notes`.execute(opened.database.db);
        assert.equal(Number(rows.rows[0]?.n), 0);
      });

      test('a failing step leaves no trace: neither its changes nor its record', async (t) => {
        const opened = await engine.open();
        t.after(opened.close);
        const broken: Migration = {
          version: 100,
          name: 'half done',
          async up(db) {
            await db.schema.createTable('half').addColumn('id', 'integer').execute();
            await sql`SELECT * FROM no_such_table`.execute(db);
          },
        };
        await assert.rejects(migrate(opened.database.db, opened.database.engine, [...MIGRATIONS, broken]), /no_such_table/);
        const status = await migrationStatus(opened.database.db, opened.database.engine);
        assert.deepEqual(status.map((step) => step.version), VERSIONS);
        await assert.rejects(sql`SELECT * FROM half`.execute(opened.database.db), 'the table of the failed step was rolled back');
      });

      test('steps out of order are refused before anything runs', async (t) => {
        const place = await engine.location();
        t.after(place.remove);
        await assert.rejects(openDatabase({ ...place.options, migrations: [...MIGRATIONS].reverse() }), /increasing whole-number versions/);
      });

      test('npm run db -- status lists each step as applied, and a bad DATABASE_URL is a clear error with exit code 2', async (t) => {
        const opened = await engine.open();
        t.after(opened.close);
        const status = await dbCommand('status', envOf(opened.options));
        assert.equal(status.code, 0, status.stderr);
        assert.match(status.stdout, new RegExp(`^db: ${engine.engine} at `));
        for (const migration of MIGRATIONS) assert.match(status.stdout, new RegExp(`${migration.version}  applied \\S+  ${migration.name}`));
        const bad = await dbCommand('status', { DATABASE_URL: 'mysql://root:hunter2@db/test' });
        assert.equal(bad.code, 2);
        assert.equal(bad.stderr, 'db: DATABASE_URL must be a postgres:// or postgresql:// URL\n');
      });
    });

    describe('bank', () => {
      test('accounts and the latest five transactions answer as before, newest first, same day latest recorded first', async (t) => {
        const opened = await engine.open();
        t.after(opened.close);
        const bank = createBank(opened.database);
        assert.deepEqual(await bank.account('u-1001'), { userId: 'u-1001', balanceCents: 125075, currency: 'USD' });
        assert.equal(await bank.account('u-9999'), undefined);
        const recent = await bank.recentTransactions('u-1002');
        assert.deepEqual(recent.slice(0, 2), [
          { postedOn: '2025-06-09', description: 'Pharmacy', amountCents: -1125 },
          { postedOn: '2025-06-09', description: 'Bakery', amountCents: -650 },
        ]);
        assert.equal(recent.length, 5);
        assert.deepEqual(await bank.recentTransactions('u-1003'), []);
        assert.equal(typeof (await bank.account('u-1002'))?.balanceCents, 'number', 'integers come back as numbers on both engines');
      });

      test('reads see what the writer committed, never what an open transaction has not, and fail as promises', async (t) => {
        const opened = await engine.open();
        const { db, read } = opened.database;
        const balance = db.selectFrom('accounts').select('balance_cents').where('user_id', '=', 'u-1001').compile();
        assert.deepEqual(await read(balance), [{ balance_cents: 125075 }]);
        await db.updateTable('accounts').set({ balance_cents: 1 }).where('user_id', '=', 'u-1001').execute();
        assert.deepEqual(await read(balance), [{ balance_cents: 1 }], 'a committed change is read at once');

        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let updated!: () => void;
        const inside = new Promise<void>((resolve) => (updated = resolve));
        const transaction = db.transaction().execute(async (trx) => {
          await trx.updateTable('accounts').set({ balance_cents: 2 }).where('user_id', '=', 'u-1001').execute();
          updated();
          await held;
          throw new Error('roll back');
        });
        await inside;
        assert.deepEqual(await read(balance), [{ balance_cents: 1 }], 'the open transaction is not seen');
        release();
        await assert.rejects(transaction, /roll back/);
        assert.deepEqual(await read(balance), [{ balance_cents: 1 }]);

        const broken = { ...balance, sql: 'SELECT nope FROM nowhere' };
        const failed = read(broken);
        assert.ok(failed instanceof Promise);
        await assert.rejects(failed);
        await opened.close();
        await assert.rejects(read(balance), /not open|ended|closed|destroyed/i);
        t.diagnostic(`engine ${engine.engine}`);
      });
    });

    describe('bookings', () => {
      test('a free slot is confirmed with an unguessable id and is committed before the answer', async (t) => {
        const opened = await engine.open();
        t.after(opened.close);
        const outcome = await databaseBookings(opened.database.db).book(request({ service: ' Hair  Cut ', time: '15:00:00' }));
        assert.equal(outcome.status, 'confirmed');
        assert.ok(outcome.status === 'confirmed' && outcome.created);
        assert.match(outcome.booking.confirmationId, CONFIRMATION_ID);
        assert.deepEqual({ service: outcome.booking.service, time: outcome.booking.time }, { service: 'hair cut', time: '15:00' });
        // A second connection (another process, in effect) sees it at once.
        const other = await openDatabase({ ...opened.options, migrate: false, seed: false });
        t.after(() => other.close());
        assert.deepEqual(await databaseBookings(other.db).byConfirmationId(outcome.booking.confirmationId), outcome.booking);
      });

      test('twenty concurrent requests for one slot from two connections: exactly one confirmed, the rest slot-taken with the next free slots', async (t) => {
        const opened = await engine.open();
        t.after(opened.close);
        const other = await openDatabase({ ...opened.options, migrate: false, seed: false });
        t.after(() => other.close());
        const stores = [databaseBookings(opened.database.db), databaseBookings(other.db)];
        await stores[0]!.book(request({ time: '15:30', session: 'someone-else' }));
        const outcomes = await Promise.all(
          Array.from({ length: 20 }, (_, index) => stores[index % 2]!.book(request({ session: `caller-${index}`, service: index % 3 ? 'haircut' : 'HAIRCUT' }))),
        );
        assert.equal(outcomes.filter((outcome) => outcome.status === 'confirmed').length, 1);
        const taken = outcomes.filter((outcome) => outcome.status === 'slot-taken');
        assert.equal(taken.length, 19);
        for (const outcome of taken) {
          assert.deepEqual(outcome.status === 'slot-taken' && outcome.alternatives, [
            { service: 'haircut', date: '2031-06-13', time: '16:00' },
            { service: 'haircut', date: '2031-06-13', time: '16:30' },
            { service: 'haircut', date: '2031-06-14', time: '09:00' },
          ]);
        }
        assert.equal(await stores[1]!.count(), 2);
      });

      test('the same webhook call delivered ten times at once, over two connections, is one booking returned to every delivery', async (t) => {
        const opened = await engine.open();
        t.after(opened.close);
        const other = await openDatabase({ ...opened.options, migrate: false, seed: false });
        t.after(() => other.close());
        const stores = [databaseBookings(opened.database.db), databaseBookings(other.db)];
        const call = request({ detectIntentResponseId: 'dir-retried' });
        const outcomes = await Promise.all(Array.from({ length: 10 }, (_, index) => stores[index % 2]!.book(call)));
        const confirmed = outcomes.flatMap((outcome) => (outcome.status === 'confirmed' ? [outcome] : []));
        assert.equal(confirmed.length, 10, JSON.stringify(outcomes));
        assert.equal(new Set(confirmed.map((outcome) => outcome.booking.confirmationId)).size, 1);
        assert.equal(confirmed.filter((outcome) => outcome.created).length, 1);
        // Later too, even for another slot in the same call: the first booking stands.
        const late = await stores[0]!.book({ ...call, time: '10:00' });
        assert.ok(late.status === 'confirmed' && !late.created && late.booking.time === '15:00');
        assert.equal(await stores[0]!.count(), 1);
      });

      test('another call in the same session, or the same call id in another session, is a new booking', async (t) => {
        const opened = await engine.open();
        t.after(opened.close);
        const store = databaseBookings(opened.database.db);
        const a = await store.book(request({ session: 's-1', detectIntentResponseId: 'call-a', time: '09:00' }));
        const b = await store.book(request({ session: 's-1', detectIntentResponseId: 'call-b', time: '09:30' }));
        const c = await store.book(request({ session: 's-2', detectIntentResponseId: 'call-a', time: '10:00' }));
        const d = await store.book(request({ session: 's-2', detectIntentResponseId: undefined, time: '10:30' }));
        const e = await store.book(request({ session: 's-2', detectIntentResponseId: undefined, time: '11:00' }));
        const ids = [a, b, c, d, e].map((outcome) => (outcome.status === 'confirmed' && outcome.created ? outcome.booking.confirmationId : outcome.status));
        assert.equal(new Set(ids).size, 5, ids.join(' '));
        for (const id of ids) assert.match(id, CONFIRMATION_ID);
      });

      test('a time off the half-hour grid or outside opening hours is rejected with the reason', async (t) => {
        const opened = await engine.open();
        t.after(opened.close);
        const store = databaseBookings(opened.database.db);
        for (const time of ['15:10', '08:30', '17:00', '15:00:30']) {
          const outcome = await store.book(request({ time }));
          assert.deepEqual(outcome, { status: 'rejected', reason: 'Appointments start every 30 minutes from 09:00 to 17:00. Which of those times would you like?' }, time);
        }
        assert.equal(await store.count(), 0);
      });

      test('a confirmation id that clashes with an existing one is drawn again', async (t) => {
        const opened = await engine.open();
        t.after(opened.close);
        const queue = ['BK-AAAAAAAAAA', 'BK-AAAAAAAAAA', 'BK-BBBBBBBBBB'];
        const store = databaseBookings(opened.database.db, { makeId: () => queue.shift() as string });
        const first = await store.book(request({ time: '09:00' }));
        const second = await store.book(request({ time: '09:30' }));
        assert.ok(first.status === 'confirmed' && first.booking.confirmationId === 'BK-AAAAAAAAAA');
        assert.ok(second.status === 'confirmed' && second.booking.confirmationId === 'BK-BBBBBBBBBB');
      });

      test('a cancelled request books nothing, and a database that is gone is BookingUnavailableError', async (t) => {
        const opened = await engine.open();
        t.after(opened.close);
        const store = databaseBookings(opened.database.db);
        await assert.rejects(store.book(request(), { signal: AbortSignal.abort() }), (error: unknown) => error instanceof BookingUnavailableError && error.kind === 'aborted');
        assert.equal(await store.count(), 0);
        const scratch = tempDir();
        t.after(scratch.remove);
        const gone = engine.engine === 'sqlite' ? sqliteDatabase(scratch.dir) : await postgresDatabase('postgres://postgres@127.0.0.1:1/test');
        await gone.close();
        await assert.rejects(databaseBookings(gone.db).book(request()), (error: unknown) => error instanceof BookingUnavailableError && error.kind === 'network');
      });
    });

    test('readiness is named after the engine, and fails once the database is closed', async (t) => {
      const opened = await engine.open();
      t.after(opened.close);
      const app = buildApp(testConfig(opened.options.dataDir ?? '.'), { database: opened.database, logger: createLogger({ level: 'silent' }) });
      assert.deepEqual(await app.ready(), { ok: true, checks: { [engine.engine]: 'ok' } });
      await opened.database.close();
      const ready = await app.ready();
      assert.equal(ready.ok, false);
      assert.match(ready.checks[engine.engine] ?? '', /not open/);
    });
  });
}

describe('SQLite specifics', () => {
  test('a missing data directory is created, with cxhook.sqlite in WAL mode, a busy timeout and full sync', async (t) => {
    const { dir, remove } = tempDir();
    t.after(remove);
    const dataDir = path.join(dir, 'nested', 'data');
    const database = await openDatabase({ dataDir });
    t.after(() => database.close());
    assert.ok(existsSync(path.join(dataDir, DATABASE_FILE)));
    const pragma = async (name: string) => Object.values((await sql.raw<Record<string, unknown>>(`PRAGMA ${name}`).execute(database.db)).rows[0] ?? {})[0];
    assert.equal(await pragma('journal_mode'), 'wal');
    assert.equal(await pragma('busy_timeout'), 5000);
    assert.equal(await pragma('synchronous'), 2);
  });

  test('SQLite users never load the pg driver', async (t) => {
    const { dir, remove } = tempDir();
    t.after(remove);
    const script = path.join(dir, 'probe.mts');
    writeFileSync(
      script,
      `import { createRequire } from 'node:module';
       const { openDatabase } = await import(${JSON.stringify(path.join(ROOT, 'reference/storage/database.ts'))});
       const database = await openDatabase({ dataDir: ${JSON.stringify(dir)} });
       await database.close();
       const loaded = Object.keys(createRequire(import.meta.url).cache);
       console.log(JSON.stringify({ pg: loaded.filter((file) => /node_modules[\\/]pg[\\/]/.test(file)).length, sqlite: loaded.filter((file) => file.includes('better-sqlite3')).length }));`,
    );
    const result = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 0, result.stderr);
    const modules = JSON.parse(result.stdout) as { pg: number; sqlite: number };
    assert.ok(modules.sqlite > 0, 'the probe sees CommonJS modules (better-sqlite3 is one)');
    assert.equal(modules.pg, 0);
  });

  test('a database made by the SQLite-only release (steps 1 and 2) keeps its rows and gets step 3', async (t) => {
    const { dir, remove } = tempDir();
    t.after(remove);
    const legacy = new BetterSqlite3(path.join(dir, DATABASE_FILE));
    legacy.exec(`
      CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
      CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL);
      CREATE TABLE accounts (user_id TEXT PRIMARY KEY REFERENCES users(id), balance_cents INTEGER NOT NULL, currency TEXT NOT NULL DEFAULT 'USD');
      CREATE TABLE transactions (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT NOT NULL REFERENCES users(id), posted_on TEXT NOT NULL, description TEXT NOT NULL, amount_cents INTEGER NOT NULL);
      CREATE INDEX transactions_by_user_date ON transactions (user_id, posted_on DESC, id DESC);
      CREATE TABLE bookings (id INTEGER PRIMARY KEY AUTOINCREMENT, confirmation_id TEXT NOT NULL UNIQUE, session TEXT NOT NULL,
        detect_intent_response_id TEXT, service TEXT NOT NULL, date TEXT NOT NULL, time TEXT NOT NULL, created_at TEXT NOT NULL,
        UNIQUE (session, detect_intent_response_id));
      INSERT INTO schema_migrations VALUES (1, 'bank: users, accounts, transactions', '2026-01-01T00:00:00Z'), (2, 'bookings', '2026-01-01T00:00:00Z');
      INSERT INTO bookings (confirmation_id, session, detect_intent_response_id, service, date, time, created_at)
        VALUES ('BK-OLDOLDOLDO', 's', 'd', 'haircut', '2031-06-13', '15:00', '2026-01-01T00:00:00Z');
    `);
    legacy.close();
    const database = await openDatabase({ dataDir: dir });
    t.after(() => database.close());
    const status = await migrationStatus(database.db, 'sqlite');
    assert.deepEqual(status.map((step) => [step.version, step.appliedAt?.startsWith('2026-01-01') ?? false]), [[1, true], [2, true], [3, false]]);
    assert.equal(status[2]?.appliedAt === undefined, false, 'step 3 was applied now');
    const taken = await databaseBookings(database.db).book(request());
    assert.equal(taken.status, 'slot-taken', 'the old booking holds its slot');
  });
});

describe('npm run db', () => {
  test('a database that cannot be reached, an unknown command or no command exit 1 with a one-line reason', async (t) => {
    const scratch = tempDir();
    t.after(scratch.remove);
    const unreachable = await dbCommand('migrate', { DATABASE_URL: 'postgres://app:hunter2@127.0.0.1:1/test' });
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /^db: postgres database at postgres:\/\/app:\[redacted\]@127\.0\.0\.1:1\/test: connect ECONNREFUSED 127\.0\.0\.1:1\n$/);
    assert.ok(!unreachable.stderr.includes('hunter2'));
    const unknown = await dbCommand('drop-everything', { DATA_DIR: scratch.dir });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown command 'drop-everything'/);
    const none = await new Promise<number | null>((resolve) =>
      spawn(process.execPath, ['--import', 'tsx', 'reference/db.ts'], { cwd: ROOT, stdio: 'ignore' }).on('close', resolve),
    );
    assert.equal(none, 1);
  });
});

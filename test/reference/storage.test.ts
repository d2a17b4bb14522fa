// The reference database: migrations, demo data, pragmas and readiness.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { buildApp } from '../../reference/app.ts';
import { appliedVersions, DATABASE_FILE, openDatabase } from '../../reference/storage/database.ts';
import { MIGRATIONS } from '../../reference/storage/migrations.ts';
import { DEMO_USERS } from '../../reference/storage/seed.ts';
import { createLogger } from '../../src/index.ts';
import { tempDir, testConfig } from './helpers.ts';

const count = (database: ReturnType<typeof openDatabase>, table: string) =>
  database.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('reference database', () => {
  test('a missing data directory is created, with cxhook.sqlite inside', (t) => {
    const { dir, remove } = tempDir();
    t.after(remove);
    const dataDir = path.join(dir, 'nested', 'data');
    const database = openDatabase(dataDir);
    database.close();
    assert.ok(existsSync(path.join(dataDir, DATABASE_FILE)));
  });

  test('the database runs in WAL mode with a busy timeout', (t) => {
    const { dir, remove } = tempDir();
    const database = openDatabase(dir);
    t.after(() => (database.close(), remove()));
    assert.equal(database.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(database.db.pragma('busy_timeout', { simple: true }), 5000);
  });

  test('opening twice applies each migration once and seeds the demo data once', (t) => {
    const { dir, remove } = tempDir();
    t.after(remove);
    const first = openDatabase(dir);
    const seeded = { users: count(first, 'users'), transactions: count(first, 'transactions') };
    assert.deepEqual(appliedVersions(first.db), MIGRATIONS.map((migration) => migration.version));
    first.close();

    const second = openDatabase(dir);
    t.after(() => second.close());
    assert.deepEqual(appliedVersions(second.db), MIGRATIONS.map((migration) => migration.version));
    assert.deepEqual({ users: count(second, 'users'), transactions: count(second, 'transactions') }, seeded);
    assert.equal(seeded.users, DEMO_USERS.length);
    assert.equal(count(second, 'schema_migrations'), MIGRATIONS.length);
  });

  test('the demo users u-1001 and u-1002 have an account and more than five transactions each', (t) => {
    const { dir, remove } = tempDir();
    const database = openDatabase(dir);
    t.after(() => (database.close(), remove()));
    for (const userId of ['u-1001', 'u-1002']) {
      const transactions = database.db.prepare('SELECT count(*) FROM transactions WHERE user_id = ?').pluck().get(userId) as number;
      assert.ok(transactions > 5, `${userId} has ${transactions} transactions`);
      assert.ok(database.db.prepare('SELECT 1 FROM accounts WHERE user_id = ?').get(userId), `${userId} has an account`);
    }
  });

  test('a migration appended later is applied on the next start, the earlier ones are not re-run', (t) => {
    const { dir, remove } = tempDir();
    t.after(remove);
    openDatabase(dir).close();
    const next = [...MIGRATIONS, { version: 99, name: 'notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)' }];
    const database = openDatabase(dir, { migrations: next });
    t.after(() => database.close());
    assert.deepEqual(appliedVersions(database.db), [...MIGRATIONS.map((migration) => migration.version), 99]);
    assert.equal(count(database, 'notes'), 0);
  });

  test('migrations out of order are refused', (t) => {
    const { dir, remove } = tempDir();
    t.after(remove);
    const reversed = [...MIGRATIONS].reverse();
    assert.throws(() => openDatabase(dir, { migrations: reversed }), /increasing versions/);
  });

  test('readiness reports the database check, and fails once the database is closed', async (t) => {
    const { dir, remove } = tempDir();
    t.after(remove);
    const database = openDatabase(dir);
    const app = buildApp(testConfig(dir), { database, logger: createLogger({ level: 'silent' }) });
    assert.deepEqual(await app.ready(), { ok: true, checks: { database: 'ok' } });
    database.close();
    const ready = await app.ready();
    assert.equal(ready.ok, false);
    assert.match(ready.checks.database ?? '', /not open/);
  });
});

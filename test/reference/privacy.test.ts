// Personal data in debug logs: the reference app masks REDACTED_PARAMS in logged request bodies.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { buildApp } from '../../reference/app.ts';
import { openDatabase } from '../../reference/storage/database.ts';
import { cxRequest, memoryLogger, tempDir, testConfig } from './helpers.ts';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';

const fixture = (name: string) => JSON.parse(readFileSync(fileURLToPath(sharedFixture(name)), 'utf8'));

/** Everything the app logs at debug level while answering `request`. */
async function debugLogsOf(request: unknown): Promise<string> {
  const { dir, remove } = tempDir();
  const database = await openDatabase({ dataDir: dir });
  try {
    const { logger, output } = memoryLogger('debug');
    await buildApp(testConfig(dir), { database, logger }).inject(request);
    assert.match(output(), /webhook request/, 'the request body was logged at debug level');
    return output();
  } finally {
    await database.close();
    remove();
  }
}

describe('debug logs', () => {
  test('user ids in intent and session parameters are masked', async () => {
    const logs = await debugLogsOf(
      cxRequest({ tag: 'database-query', params: { query_type: 'account_balance', user_id: 'u-1001' }, sessionParams: { user_id: 'u-1001' } }),
    );
    assert.ok(!logs.includes('u-1001'));
  });

  test('the phone number of the booking fixture is masked', async () => {
    const logs = await debugLogsOf(fixture('bench/booking.json'));
    assert.ok(!logs.includes('+1 555 0100'));
  });

  test(
    'the caller id the phone gateway sends in payload.telephony is masked',
    async () => {
      const logs = await debugLogsOf(fixture('requests/real-telephony-callerid-welcome.json'));
      assert.ok(!logs.includes('+12025553711'), 'the caller id appears in the debug log');
    },
  );

  test(
    'personal data nested inside a session parameter is masked',
    async () => {
      const logs = await debugLogsOf(fixture('bench/large.json'));
      assert.ok(!logs.includes('alex.doe@example.com'), 'the nested e-mail appears in the debug log');
    },
  );
});

// Configuration from the environment: defaults, and errors that name the bad variable.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, describeConfig, ENV_VARS, envVarsMarkdown, loadConfig } from '../../reference/config.ts';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
    return error;
  }
  assert.fail(`loadConfig(${JSON.stringify(env)}) should have failed`);
}

describe('configuration', () => {
  test('an empty environment gives the documented defaults', () => {
    assert.deepEqual(loadConfig({}), {
      port: 8080,
      host: '127.0.0.1',
      dataDir: './data',
      database: { url: undefined, poolMax: 10 },
      logLevel: 'info',
      deadlineMs: 4500,
      weather: {
        provider: 'offline',
        apiUrl: 'https://api.weatherapi.com/v1/current.json',
        apiKey: undefined,
        timeoutMs: 2000,
        cacheTtlS: 1800,
      },
      timeZone: 'UTC',
      bookingApi: undefined,
      auth: { apiKeyHeader: 'x-api-key', apiKeys: [], basicUsers: {}, bearerTokens: [], google: undefined },
      tls: undefined,
      redisUrl: undefined,
    });
  });

  test('the variable table lists every variable once, with a meaning', () => {
    const names = ENV_VARS.map((variable) => variable.name);
    assert.deepEqual(names, [
      'PORT',
      'HOST',
      'DATA_DIR',
      'DATABASE_URL',
      'DATABASE_POOL_MAX',
      'LOG_LEVEL',
      'DEADLINE_MS',
      'WEATHER_PROVIDER',
      'WEATHER_API_URL',
      'WEATHER_API_KEY',
      'WEATHER_TIMEOUT_MS',
      'WEATHER_CACHE_TTL_S',
      'REDIS_URL',
      'TIME_ZONE',
      'BOOKING_API_URL',
      'BOOKING_API_KEY',
      'BOOKING_API_TIMEOUT_MS',
      'AUTH_API_KEYS',
      'AUTH_API_KEY_HEADER',
      'AUTH_BASIC_USERS',
      'AUTH_BEARER_TOKENS',
      'AUTH_GOOGLE_AUDIENCE',
      'AUTH_GOOGLE_PROJECT_NUMBER',
      'AUTH_GOOGLE_EMAILS',
      'AUTH_GOOGLE_JWKS_URL',
      'TLS_CERT_FILE',
      'TLS_KEY_FILE',
      'TLS_CA_FILE',
      'TLS_CLIENT_CERTS',
    ]);
    for (const variable of ENV_VARS) assert.ok(variable.meaning.length > 10, variable.name);
    for (const name of names) assert.ok(envVarsMarkdown().includes(`| \`${name}\` |`), name);
  });

  test('set values are read, and an empty value counts as unset', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/cxhook',
      LOG_LEVEL: 'DEBUG',
      DEADLINE_MS: '9000',
      WEATHER_PROVIDER: 'http',
      WEATHER_API_KEY: 'k',
      WEATHER_TIMEOUT_MS: '3000',
      WEATHER_CACHE_TTL_S: '0',
      TIME_ZONE: 'Europe/Paris',
    });
    assert.equal(config.port, 9000);
    assert.equal(config.logLevel, 'debug');
    assert.deepEqual(config.weather, { provider: 'http', apiUrl: 'https://api.weatherapi.com/v1/current.json', apiKey: 'k', timeoutMs: 3000, cacheTtlS: 0 });
    assert.equal(config.timeZone, 'Europe/Paris');
    assert.equal(loadConfig({ PORT: '', TIME_ZONE: '  ' }).port, 8080);
  });

  test('a bad PORT is an error naming PORT', () => {
    for (const port of ['abc', '70000', '-1', '80.5', '8080x']) {
      const error = configError({ PORT: port });
      assert.equal(error.variable, 'PORT');
      assert.match(error.message, /^PORT must be a whole number from 0 to 65535, got "/);
    }
  });

  test('the http provider without an API key is an error naming WEATHER_API_KEY', () => {
    const error = configError({ WEATHER_PROVIDER: 'http' });
    assert.equal(error.variable, 'WEATHER_API_KEY');
    assert.equal(error.message, 'WEATHER_API_KEY is required when WEATHER_PROVIDER=http');
  });

  test('every other bad value names its variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{ HOST: 'my host' }, 'HOST'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ DEADLINE_MS: '0' }, 'DEADLINE_MS'],
      [{ DEADLINE_MS: '60000' }, 'DEADLINE_MS'],
      [{ WEATHER_PROVIDER: 'carrier-pigeon' }, 'WEATHER_PROVIDER'],
      [{ WEATHER_API_URL: 'not a url' }, 'WEATHER_API_URL'],
      [{ WEATHER_API_URL: 'ftp://weather.example' }, 'WEATHER_API_URL'],
      [{ WEATHER_TIMEOUT_MS: 'soon' }, 'WEATHER_TIMEOUT_MS'],
      [{ WEATHER_TIMEOUT_MS: '4500' }, 'WEATHER_TIMEOUT_MS'],
      [{ WEATHER_CACHE_TTL_S: '-5' }, 'WEATHER_CACHE_TTL_S'],
      [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
      [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
      [{ TIME_ZONE: 'Mars/Olympus_Mons' }, 'TIME_ZONE'],
      [{ BOOKING_API_URL: 'bookings.example' }, 'BOOKING_API_URL'],
      [{ BOOKING_API_URL: 'https://bookings.example/api' }, 'BOOKING_API_KEY'],
      [{ BOOKING_API_URL: 'https://bookings.example/api', BOOKING_API_KEY: 'two words' }, 'BOOKING_API_KEY'],
      [{ BOOKING_API_KEY: 'k' }, 'BOOKING_API_URL'],
      [{ BOOKING_API_URL: 'https://bookings.example/api', BOOKING_API_KEY: 'k', BOOKING_API_TIMEOUT_MS: '4500' }, 'BOOKING_API_TIMEOUT_MS'],
      [{ BOOKING_API_TIMEOUT_MS: 'never' }, 'BOOKING_API_TIMEOUT_MS'],
      [{ TLS_KEY_FILE: 'key.pem' }, 'TLS_CERT_FILE'],
      [{ TLS_CERT_FILE: 'cert.pem' }, 'TLS_KEY_FILE'],
      [{ TLS_CERT_FILE: 'cert.pem', TLS_KEY_FILE: 'key.pem', TLS_CLIENT_CERTS: 'require' }, 'TLS_CA_FILE'],
      [{ TLS_CLIENT_CERTS: 'sometimes' }, 'TLS_CLIENT_CERTS'],
      [{ TLS_CA_FILE: 'ca.pem' }, 'TLS_CERT_FILE'],
      [{ DATABASE_URL: 'mysql://db/test' }, 'DATABASE_URL'],
      [{ DATABASE_POOL_MAX: '0' }, 'DATABASE_POOL_MAX'],
    ];
    for (const [env, variable] of cases) {
      const error = configError(env);
      assert.equal(error.variable, variable, JSON.stringify(env));
      assert.ok(error.message.startsWith(`${variable} `), error.message);
    }
  });

  test('the API key is left out of the configuration as logged', () => {
    const config = loadConfig({ WEATHER_PROVIDER: 'http', WEATHER_API_KEY: 'sekret-123' });
    const described = JSON.stringify(describeConfig(config));
    assert.ok(!described.includes('sekret-123'));
    assert.match(described, /"apiKey":"\[set\]"/);
  });

  test('REDIS_URL is read as given, and logged without its password; a bad one is refused without echoing it', () => {
    const config = loadConfig({ REDIS_URL: 'rediss://cache:s3cret-pw@redis.internal:6380/2' });
    assert.equal(config.redisUrl, 'rediss://cache:s3cret-pw@redis.internal:6380/2');
    const described = JSON.stringify(describeConfig(config));
    assert.ok(!described.includes('s3cret-pw'), described);
    assert.equal(describeConfig(config).redisUrl, 'rediss://cache:[redacted]@redis.internal:6380/2');
    assert.ok(!configError({ REDIS_URL: 'redis//user:s3cret-pw@host' }).message.includes('s3cret-pw'));
  });

  test('the booking API key is read from BOOKING_API_KEY_FILE too, and left out of the configuration as logged', (t) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cxhook-config-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'booking-key');
    writeFileSync(file, 'bk-from-file-77\n');
    const config = loadConfig({ BOOKING_API_URL: 'https://bookings.example/api/appointments', BOOKING_API_KEY_FILE: file });
    assert.deepEqual(config.bookingApi, { url: 'https://bookings.example/api/appointments', apiKey: 'bk-from-file-77', timeoutMs: 2000 });
    const described = JSON.stringify(describeConfig(config));
    assert.ok(!described.includes('bk-from-file-77'));
    assert.match(described, /"bookingApi":\{[^}]*"apiKey":"\[set\]"/);
    assert.equal(configError({ BOOKING_API_URL: 'https://bookings.example/api', BOOKING_API_KEY_FILE: path.join(dir, 'missing') }).variable, 'BOOKING_API_KEY_FILE');
    const error = configError({ BOOKING_API_URL: 'https://bookings.example/api', BOOKING_API_KEY: 'bad key 99' });
    assert.ok(!error.message.includes('bad key 99'), 'the error quotes the key');
  });

  test('DATABASE_URL (or DATABASE_URL_FILE) selects PostgreSQL with DATABASE_POOL_MAX connections, and its password is left out of the configuration as logged', async () => {
    assert.deepEqual(loadConfig({}).database, { url: undefined, poolMax: 10 });
    const config = loadConfig({ DATABASE_URL: 'postgres://app:pa55-word@db.internal:5432/bank', DATABASE_POOL_MAX: '25' });
    assert.deepEqual(config.database, { url: 'postgres://app:pa55-word@db.internal:5432/bank', poolMax: 25 });
    const described = JSON.stringify(describeConfig(config));
    assert.ok(!described.includes('pa55-word'), described);
    assert.match(described, /postgres:\/\/app:\[redacted\]@db\.internal:5432\/bank/);
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const dir = mkdtempSync(`${(await import('node:os')).tmpdir()}/cxhook-config-`);
    try {
      writeFileSync(`${dir}/url`, 'postgres://app:from-file@db:5432/bank\n');
      assert.equal(loadConfig({ DATABASE_URL_FILE: `${dir}/url` }).database.url, 'postgres://app:from-file@db:5432/bank');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const refused = configError({ DATABASE_URL: 'mysql://root:pa55-word@db/test' });
    assert.ok(!refused.message.includes('pa55-word'), 'the refusal does not echo the URL and its password');
  });

  test('an API key given with the offline provider is not kept', () => {
    assert.equal(loadConfig({ WEATHER_API_KEY: 'unused' }).weather.apiKey, undefined);
  });
});

test('the README lists every environment variable the reference webhook reads, with its default', async () => {
  const { readFileSync } = await import('node:fs');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (const variable of ENV_VARS) {
    const shown = variable.default === undefined ? '—' : `\`${variable.default}\``;
    assert.ok(readme.includes(`| \`${variable.name}\` | ${shown} |`), `${variable.name} (default ${shown}) missing from README.md`);
  }
});

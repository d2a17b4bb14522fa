// Configuration from environment variables: one table of what can be set (also used by docs and
// tests), and one parser that turns a bad value into an error naming the variable.
import { GOOGLE_JWKS_URL, isCxhookError, MAX_DEADLINE_MS, readSecret } from 'cxhook';
import { redactUrlPassword } from './redact-url.ts';

export type WeatherProviderKind = 'offline' | 'http';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL instead of SQLite when `url` is set. The URL may hold a password: see describeConfig. */
  database: { url: string | undefined; poolMax: number };
  logLevel: string;
  deadlineMs: number;
  weather: {
    provider: WeatherProviderKind;
    apiUrl: string;
    /** Only set when provider is `http`. A secret: never log the config as is (see describeConfig). */
    apiKey: string | undefined;
    timeoutMs: number;
    /** 0 turns the cache off. */
    cacheTtlS: number;
  };
  /** IANA time zone that decides what "today" is, e.g. for "that date is in the past". */
  timeZone: string;
  /** An external scheduling API that books instead of the database; undefined when BOOKING_API_URL is unset. */
  bookingApi: { url: string; /** A secret (see describeConfig). */ apiKey: string; timeoutMs: number } | undefined;
  /** Who may call; every list empty and `google` unset means anyone (fine on 127.0.0.1 only). */
  auth: AuthConfig;
  /** HTTPS from certificate files; undefined serves plain HTTP (e.g. behind a TLS-terminating proxy). */
  tls: { certFile: string; keyFile: string; caFile: string | undefined; clientCertificates: 'none' | 'request' | 'require' } | undefined;
  /** Where weather answers are cached for every replica; undefined: in each process. May hold a password (see describeConfig). */
  redisUrl: string | undefined;
}

/** Secrets here are never logged as is (see describeConfig). */
export interface AuthConfig {
  apiKeyHeader: string;
  apiKeys: string[];
  /** user → password */
  basicUsers: Record<string, string>;
  bearerTokens: string[];
  google: { audience: string; projectNumber: string | undefined; emails: string[]; jwksUrl: string } | undefined;
}

export interface EnvVar {
  name: string;
  /** The value used when the variable is unset or empty; undefined when there is none. */
  default: string | undefined;
  meaning: string;
}

export const ENV_VARS: readonly EnvVar[] = [
  { name: 'PORT', default: '8080', meaning: 'TCP port to listen on (0 picks a free port; the URL is logged)' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'Interface to bind; use 0.0.0.0 in a container' },
  { name: 'DATA_DIR', default: './data', meaning: 'Directory of the SQLite database (cxhook.sqlite); created if missing' },
  { name: 'DATABASE_URL', default: undefined, meaning: 'postgres://user:password@host:5432/db: keep the bank and bookings in PostgreSQL (shared by every replica) instead of SQLite in DATA_DIR; or a file named by DATABASE_URL_FILE; the password is never logged' },
  { name: 'DATABASE_POOL_MAX', default: '10', meaning: 'PostgreSQL connections per process (replicas × this must stay below the server\'s max_connections)' },
  { name: 'LOG_LEVEL', default: 'info', meaning: 'fatal, error, warn, info, debug, trace or silent; debug also logs request bodies, with user_id, phone, phone_number, email and caller_id masked wherever they appear' },
  { name: 'DEADLINE_MS', default: '4500', meaning: `Answer within this many ms, then send the fallback (1–${MAX_DEADLINE_MS}; CX waits 5 s by default)` },
  { name: 'WEATHER_PROVIDER', default: 'offline', meaning: '`offline` (deterministic made-up weather, no network) or `http` (weatherapi.com-style API)' },
  { name: 'WEATHER_API_URL', default: 'https://api.weatherapi.com/v1/current.json', meaning: 'Current-weather endpoint of the http provider (called with ?key=…&q=…)' },
  { name: 'WEATHER_API_KEY', default: undefined, meaning: 'API key of the http provider; required when WEATHER_PROVIDER=http; never logged' },
  { name: 'WEATHER_TIMEOUT_MS', default: '2000', meaning: 'Give up on the weather API after this many ms; must be below DEADLINE_MS' },
  { name: 'WEATHER_CACHE_TTL_S', default: '1800', meaning: 'Seconds a weather answer is reused for the same location (0 turns the cache off)' },
  { name: 'REDIS_URL', default: undefined, meaning: '`redis://` or `rediss://` URL: weather answers are cached in Redis, shared by every replica, one upstream call per location across them; unset: each process caches its own. Redis down means no cache (logged, `/readyz` says degraded), never a failed turn' },
  { name: 'TIME_ZONE', default: 'UTC', meaning: 'IANA time zone deciding what "today" is when refusing booking dates in the past' },
  { name: 'BOOKING_API_URL', default: undefined, meaning: 'Book through an external scheduling API: the endpoint that takes `POST` JSON `{service,date,time,session}` (docs/outbound.md). Unset: bookings go to the database' },
  { name: 'BOOKING_API_KEY', default: undefined, meaning: 'Bearer key of the scheduling API; required with BOOKING_API_URL; or a file named by BOOKING_API_KEY_FILE; never logged' },
  { name: 'BOOKING_API_TIMEOUT_MS', default: '2000', meaning: 'Longest single call to the scheduling API (retries fit in the deadline); must be below DEADLINE_MS' },
  { name: 'AUTH_API_KEYS', default: undefined, meaning: 'Comma-separated API keys accepted in AUTH_API_KEY_HEADER (CX: webhook → Request headers); or a file named by AUTH_API_KEYS_FILE. Unset with every other AUTH_* variable: no authentication' },
  { name: 'AUTH_API_KEY_HEADER', default: 'x-api-key', meaning: 'Header that carries the API key' },
  { name: 'AUTH_BASIC_USERS', default: undefined, meaning: 'Comma-separated `user:password` pairs for HTTP Basic (CX: username and password); or AUTH_BASIC_USERS_FILE' },
  { name: 'AUTH_BEARER_TOKENS', default: undefined, meaning: 'Comma-separated static bearer tokens (`Authorization: Bearer …`); or AUTH_BEARER_TOKENS_FILE' },
  { name: 'AUTH_GOOGLE_AUDIENCE', default: undefined, meaning: 'Accept Google-signed ID tokens of the Dialogflow service agent with this audience (the webhook URL as configured in CX); needs AUTH_GOOGLE_PROJECT_NUMBER or AUTH_GOOGLE_EMAILS' },
  { name: 'AUTH_GOOGLE_PROJECT_NUMBER', default: undefined, meaning: 'Project number whose Dialogflow service agent (service-<number>@gcp-sa-dialogflow.iam.gserviceaccount.com) may call' },
  { name: 'AUTH_GOOGLE_EMAILS', default: undefined, meaning: 'Comma-separated service-account emails allowed instead of (or besides) the project\'s service agent' },
  { name: 'AUTH_GOOGLE_JWKS_URL', default: GOOGLE_JWKS_URL, meaning: 'Where Google\'s token-signing keys are fetched (cached; refetched on an unknown key id)' },
  { name: 'TLS_CERT_FILE', default: undefined, meaning: 'PEM certificate (chain) file: serve HTTPS instead of HTTP; needs TLS_KEY_FILE' },
  { name: 'TLS_KEY_FILE', default: undefined, meaning: 'PEM private key file of TLS_CERT_FILE' },
  { name: 'TLS_CA_FILE', default: undefined, meaning: 'PEM CA file that client certificates must chain to (mTLS)' },
  { name: 'TLS_CLIENT_CERTS', default: 'none', meaning: '`none`, `request` or `require` (mTLS: refuse clients without a certificate signed by TLS_CA_FILE)' },
];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** A configuration value that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

type Env = Record<string, string | undefined>;

/** The raw value, or the table's default; an empty string counts as unset (`PORT= npm start`). */
function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  if (value) return value;
  return ENV_VARS.find((variable) => variable.name === name)?.default;
}

function integer(env: Env, name: string, min: number, max: number): number {
  const text = raw(env, name) ?? '';
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[]): T {
  const text = raw(env, name) ?? '';
  const value = text.toLowerCase() as T;
  if (!allowed.includes(value)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${text}"`);
  return value;
}

function httpUrl(env: Env, name: string): string {
  const text = raw(env, name) ?? '';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(name, `must be an absolute http(s) URL, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `must be an http or https URL, got "${url.protocol}"`);
  }
  return url.toString();
}

function timeZone(env: Env, name: string): string {
  const text = raw(env, name) ?? '';
  // The default needs no check: asking Intl loads ICU's zone data, ~15 ms of a cold start.
  if (text === 'UTC') return text;
  try {
    // Intl is the authority on which zone names this Node build knows.
    return new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    throw new ConfigError(name, `must be an IANA time zone such as UTC or Europe/Paris, got "${text}"`);
  }
}

/**
 * Reads the configuration; throws a ConfigError naming the first bad variable.
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(env: Env = process.env): Config {
  // Checked in the order of ENV_VARS, so the error names the first bad variable of the table.
  const port = integer(env, 'PORT', 0, 65535);
  const host = raw(env, 'HOST') ?? '';
  if (/\s/.test(host)) throw new ConfigError('HOST', `must be a host name or IP address, got "${host}"`);
  const dataDir = raw(env, 'DATA_DIR') ?? '';
  const databaseUrl = secret(env, 'DATABASE_URL')?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(?:ql)?:\/\/[^\s]+$/.test(databaseUrl)) {
    // The value may hold a password: the message names only the scheme that was expected.
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }
  const poolMax = integer(env, 'DATABASE_POOL_MAX', 1, 1000);
  const logLevel = oneOf(env, 'LOG_LEVEL', LOG_LEVELS);
  const deadlineMs = integer(env, 'DEADLINE_MS', 1, MAX_DEADLINE_MS);
  const provider = oneOf(env, 'WEATHER_PROVIDER', ['offline', 'http'] as const);
  const apiUrl = httpUrl(env, 'WEATHER_API_URL');
  const apiKey = env.WEATHER_API_KEY?.trim() || undefined;
  if (provider === 'http' && !apiKey) throw new ConfigError('WEATHER_API_KEY', 'is required when WEATHER_PROVIDER=http');
  const timeoutMs = integer(env, 'WEATHER_TIMEOUT_MS', 1, MAX_DEADLINE_MS);
  // A timeout at or past the deadline means a slow API yields the generic fallback instead of the
  // weather handler's own "can't get the weather right now".
  if (timeoutMs >= deadlineMs) {
    throw new ConfigError('WEATHER_TIMEOUT_MS', `must be below DEADLINE_MS (${deadlineMs}), got ${timeoutMs}`);
  }
  const cacheTtlS = integer(env, 'WEATHER_CACHE_TTL_S', 0, 7 * 24 * 3600);
  const redisUrl = redisUrlOf(env, 'REDIS_URL');
  const zone = timeZone(env, 'TIME_ZONE');
  const bookingApi = bookingApiConfig(env, deadlineMs);
  const auth = authConfig(env);
  const tls = tlsConfig(env);
  return {
    port,
    host,
    dataDir,
    database: { url: databaseUrl, poolMax },
    logLevel,
    deadlineMs,
    weather: { provider, apiUrl, apiKey: provider === 'http' ? apiKey : undefined, timeoutMs, cacheTtlS },
    timeZone: zone,
    bookingApi,
    auth,
    tls,
    redisUrl,
  };
}

/** A redis:// or rediss:// URL; the error never repeats the value, which may hold a password. */
function redisUrlOf(env: Env, name: string): string | undefined {
  const text = raw(env, name);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(name, 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new ConfigError(name, `must be a redis:// or rediss:// URL, got "${url.protocol}"`);
  return text;
}

function bookingApiConfig(env: Env, deadlineMs: number): Config['bookingApi'] {
  const url = raw(env, 'BOOKING_API_URL') === undefined ? undefined : httpUrl(env, 'BOOKING_API_URL');
  const apiKey = secret(env, 'BOOKING_API_KEY')?.trim() || undefined;
  const timeoutMs = integer(env, 'BOOKING_API_TIMEOUT_MS', 1, MAX_DEADLINE_MS);
  if (url === undefined) {
    if (apiKey !== undefined) throw new ConfigError('BOOKING_API_URL', 'is required with BOOKING_API_KEY');
    return undefined;
  }
  // As for the weather: a call that may outlast the deadline yields the generic fallback instead of
  // the booking handler's own "try again later". Checked only when the API is used, so a short
  // DEADLINE_MS does not demand a setting for a client that is off.
  if (timeoutMs >= deadlineMs) throw new ConfigError('BOOKING_API_TIMEOUT_MS', `must be below DEADLINE_MS (${deadlineMs}), got ${timeoutMs}`);
  if (apiKey === undefined) throw new ConfigError('BOOKING_API_KEY', 'is required with BOOKING_API_URL (or BOOKING_API_KEY_FILE)');
  // It travels in a header; the error must not quote it.
  if (!/^[\x21-\x7e]+$/.test(apiKey)) throw new ConfigError('BOOKING_API_KEY', 'must be printable ASCII without spaces');
  return { url, apiKey, timeoutMs };
}

function tlsConfig(env: Env): Config['tls'] {
  const certFile = raw(env, 'TLS_CERT_FILE');
  const keyFile = raw(env, 'TLS_KEY_FILE');
  const caFile = raw(env, 'TLS_CA_FILE');
  const clientCertificates = oneOf(env, 'TLS_CLIENT_CERTS', ['none', 'request', 'require'] as const);
  if (certFile === undefined && keyFile === undefined) {
    if (caFile !== undefined || clientCertificates !== 'none') throw new ConfigError('TLS_CERT_FILE', 'is required with TLS_CA_FILE or TLS_CLIENT_CERTS');
    return undefined;
  }
  if (certFile === undefined) throw new ConfigError('TLS_CERT_FILE', 'is required with TLS_KEY_FILE');
  if (keyFile === undefined) throw new ConfigError('TLS_KEY_FILE', 'is required with TLS_CERT_FILE');
  if (clientCertificates === 'require' && caFile === undefined) throw new ConfigError('TLS_CA_FILE', 'is required with TLS_CLIENT_CERTS=require');
  return { certFile, keyFile, caFile, clientCertificates };
}

/** A secret from `NAME` or `NAME_FILE`, as a ConfigError naming the variable when it cannot be read. */
function secret(env: Env, name: string): string | undefined {
  try {
    return readSecret(env, name);
  } catch (error) {
    const details = isCxhookError(error) ? (error.details as { variable?: string; problem?: string } | undefined) : undefined;
    if (!details?.variable || !details.problem) throw error;
    throw new ConfigError(details.variable, details.problem);
  }
}

function list(text: string | undefined): string[] {
  return (text ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

function authConfig(env: Env): AuthConfig {
  const apiKeys = list(secret(env, 'AUTH_API_KEYS'));
  const apiKeyHeader = (raw(env, 'AUTH_API_KEY_HEADER') ?? '').toLowerCase();
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(apiKeyHeader)) {
    throw new ConfigError('AUTH_API_KEY_HEADER', `must be an HTTP header name, got "${apiKeyHeader}"`);
  }
  const basicUsers: Record<string, string> = {};
  for (const pair of list(secret(env, 'AUTH_BASIC_USERS'))) {
    const colon = pair.indexOf(':');
    // The pair holds a password: name only the user (or the position) in the error.
    if (colon <= 0 || colon === pair.length - 1) {
      throw new ConfigError('AUTH_BASIC_USERS', `must be user:password pairs separated by commas; entry ${Object.keys(basicUsers).length + 1} is not`);
    }
    basicUsers[pair.slice(0, colon)] = pair.slice(colon + 1);
  }
  const bearerTokens = list(secret(env, 'AUTH_BEARER_TOKENS'));
  const audience = raw(env, 'AUTH_GOOGLE_AUDIENCE');
  const projectNumber = raw(env, 'AUTH_GOOGLE_PROJECT_NUMBER');
  if (projectNumber !== undefined && !/^\d+$/.test(projectNumber)) {
    throw new ConfigError('AUTH_GOOGLE_PROJECT_NUMBER', `must be the numeric project number (not the project id), got "${projectNumber}"`);
  }
  const emails = list(raw(env, 'AUTH_GOOGLE_EMAILS'));
  const jwksUrl = httpUrl(env, 'AUTH_GOOGLE_JWKS_URL');
  let google: AuthConfig['google'];
  if (audience !== undefined) {
    if (projectNumber === undefined && emails.length === 0) {
      throw new ConfigError('AUTH_GOOGLE_PROJECT_NUMBER', 'or AUTH_GOOGLE_EMAILS is required with AUTH_GOOGLE_AUDIENCE (who may call)');
    }
    google = { audience, projectNumber, emails, jwksUrl };
  } else if (projectNumber !== undefined || emails.length > 0) {
    throw new ConfigError('AUTH_GOOGLE_AUDIENCE', 'is required with AUTH_GOOGLE_PROJECT_NUMBER or AUTH_GOOGLE_EMAILS (the webhook URL as configured in CX)');
  }
  return { apiKeyHeader, apiKeys, basicUsers, bearerTokens, google };
}

/** The configuration as it may be logged: secrets are reduced to whether (and how many) are set. */
export function describeConfig(config: Config): Record<string, unknown> {
  const { apiKey, ...weather } = config.weather;
  const { apiKeys, basicUsers, bearerTokens, ...auth } = config.auth;
  return {
    ...config,
    database: { ...config.database, url: config.database.url === undefined ? '[unset]' : redactUrlPassword(config.database.url) },
    weather: { ...weather, apiKey: apiKey ? '[set]' : '[unset]' },
    bookingApi: config.bookingApi && { ...config.bookingApi, apiKey: '[set]' },
    auth: { ...auth, apiKeys: apiKeys.length, basicUsers: Object.keys(basicUsers), bearerTokens: bearerTokens.length },
    redisUrl: config.redisUrl === undefined ? undefined : redactUrlPassword(config.redisUrl),
  };
}

/** The variable table as markdown, for the README. */
export function envVarsMarkdown(): string {
  const rows = ENV_VARS.map((variable) => `| \`${variable.name}\` | ${variable.default === undefined ? '—' : `\`${variable.default}\``} | ${variable.meaning} |`);
  return ['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n');
}

// Configuration from environment variables: one table of what can be set (also used by docs and
// tests), and one parser that turns a bad value into an error naming the variable.
import { MAX_DEADLINE_MS } from 'cxhook';

export type WeatherProviderKind = 'offline' | 'http';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
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
  { name: 'LOG_LEVEL', default: 'info', meaning: 'fatal, error, warn, info, debug, trace or silent; debug also logs request bodies, with user_id, phone, phone_number, email and caller_id masked wherever they appear' },
  { name: 'DEADLINE_MS', default: '4500', meaning: `Answer within this many ms, then send the fallback (1–${MAX_DEADLINE_MS}; CX waits 5 s by default)` },
  { name: 'WEATHER_PROVIDER', default: 'offline', meaning: '`offline` (deterministic made-up weather, no network) or `http` (weatherapi.com-style API)' },
  { name: 'WEATHER_API_URL', default: 'https://api.weatherapi.com/v1/current.json', meaning: 'Current-weather endpoint of the http provider (called with ?key=…&q=…)' },
  { name: 'WEATHER_API_KEY', default: undefined, meaning: 'API key of the http provider; required when WEATHER_PROVIDER=http; never logged' },
  { name: 'WEATHER_TIMEOUT_MS', default: '2000', meaning: 'Give up on the weather API after this many ms; must be below DEADLINE_MS' },
  { name: 'WEATHER_CACHE_TTL_S', default: '1800', meaning: 'Seconds a weather answer is reused for the same location (0 turns the cache off)' },
  { name: 'TIME_ZONE', default: 'UTC', meaning: 'IANA time zone deciding what "today" is when refusing booking dates in the past' },
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
  return {
    port,
    host,
    dataDir,
    logLevel,
    deadlineMs,
    weather: { provider, apiUrl, apiKey: provider === 'http' ? apiKey : undefined, timeoutMs, cacheTtlS },
    timeZone: timeZone(env, 'TIME_ZONE'),
  };
}

/** The configuration as it may be logged: the API key is reduced to whether it is set. */
export function describeConfig(config: Config): Record<string, unknown> {
  const { apiKey, ...weather } = config.weather;
  return { ...config, weather: { ...weather, apiKey: apiKey ? '[set]' : '[unset]' } };
}

/** The variable table as markdown, for the README. */
export function envVarsMarkdown(): string {
  const rows = ENV_VARS.map((variable) => `| \`${variable.name}\` | ${variable.default === undefined ? '—' : `\`${variable.default}\``} | ${variable.meaning} |`);
  return ['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n');
}

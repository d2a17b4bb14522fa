// The reference webhook's routes: which handler answers which tag or intent, and what it may use.
import { createLogger, createWebhook, type Authenticator, type Cache, type Logger, type WebhookApp } from 'cxhook';
import { authFromConfig } from './auth.ts';
import type { Config } from './config.ts';
import { bookingHandler } from './handlers/booking.ts';
import { databaseQueryHandler } from './handlers/database-query.ts';
import { fallbackHandler } from './handlers/fallback.ts';
import { weatherHandler } from './handlers/weather.ts';
import type { BookingSystem } from './services/bookings/booking-system.ts';
import { bookingApiFromConfig } from './services/bookings/index.ts';
import { weatherFromConfig, type WeatherProvider } from './services/weather/index.ts';
import { createBank } from './storage/bank.ts';
import { databaseBookings } from './storage/bookings.ts';
import type { AppDatabase } from './storage/database.ts';

export interface AppDeps {
  /** SQLite or PostgreSQL, already migrated (openDatabase does both). */
  database: AppDatabase;
  /** Default: the scheduling API when BOOKING_API_URL is set, else bookings in `database`. */
  bookings?: BookingSystem;
  /** Default: the provider the configuration names. */
  weather?: WeatherProvider;
  /** Default: a pino logger at the configured level. */
  logger?: Logger;
  /** Default: the real clock (tests pin "today"). */
  now?: () => Date;
  /** Default: the schemes the configuration enables (none: anyone may call). */
  auth?: Authenticator;
  /** Where weather answers are cached, e.g. Redis shared by replicas (then also checked by /readyz). Default: this process. */
  cache?: Cache;
}

/** Personal data masked in debug logs of request bodies. */
export const REDACTED_PARAMS = ['user_id', 'phone', 'phone_number', 'email', 'caller_id'];

/**
 * Builds the app without starting a server, so tests can `inject` requests.
 * @example const app = buildApp(config, { database: await openDatabase({ dataDir: config.dataDir, databaseUrl: config.database.url }) });
 */
export function buildApp(config: Config, deps: AppDeps): WebhookApp {
  const { database } = deps;
  const logger = deps.logger ?? createLogger({ level: config.logLevel });
  const app = createWebhook({
    deadlineMs: config.deadlineMs,
    logger,
    redactParams: REDACTED_PARAMS,
    readiness: {
      // Named after the engine, so /readyz says which database did (not) answer.
      [database.engine]: () => database.ping(),
      // Degraded, not failed, while Redis is down: the webhook still answers, without the shared cache.
      ...(deps.cache ? { cache: () => deps.cache?.health() } : {}),
    },
    auth: deps.auth ?? authFromConfig(config.auth),
  });
  // One handler instance for both routes: agents call it by intent or by tag.
  const bookings = deps.bookings ?? bookingApiFromConfig(config.bookingApi, { log: logger }) ?? databaseBookings(database.db);
  const booking = bookingHandler({ bookings, timeZone: config.timeZone, now: deps.now });
  // The parameters each handler reads (ctx.param) and sets (setParams), declared for `cxhook check`.
  const bookingParams = {
    reads: ['service', 'date', 'time'],
    writes: ['confirmation_id', 'booking_status', 'appointment_service', 'appointment_date', 'appointment_time'],
  };
  return app
    .tag('weather', weatherHandler({ weather: deps.weather ?? weatherFromConfig(config.weather, deps.cache) }), {
      reads: ['location'],
      writes: ['weather_condition', 'temperature'],
    })
    .tag('database-query', databaseQueryHandler({ bank: createBank(database) }), { reads: ['query_type', 'user_id'] })
    .intent('booking.create', booking, bookingParams)
    .tag('booking', booking, bookingParams)
    .fallback(fallbackHandler, {});
}

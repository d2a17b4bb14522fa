// Everything the reference webhook needs before it can answer, from the environment: the
// configuration, the logger, the database (migrated and seeded) and, with REDIS_URL, the shared
// cache. `npm start` (main.ts) serves what this opens; webhook.ts hands the app to the CLI.
import { createLogger, type Logger, type WebhookApp } from 'cxhook';
import { buildApp } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { connectRedisCache } from './services/cache.ts';
import { openDatabase } from './storage/database.ts';

export interface OpenReference {
  config: Config;
  logger: Logger;
  app: WebhookApp;
  /** Closes the database and the Redis connection (after in-flight calls drained). */
  close(): Promise<void>;
}

/** Opens the reference webhook; a bad variable throws ConfigError (config.ts). */
export async function openReference(env: NodeJS.ProcessEnv): Promise<OpenReference> {
  const config = loadConfig(env);
  const logger = createLogger({ level: config.logLevel });
  // Migrations and demo data before the port opens: a replica never answers on an old schema.
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.database.url, poolMax: config.database.poolMax });
  logger.info({ engine: database.engine, location: database.location }, 'database ready');
  const shared = config.redisUrl ? await connectRedisCache(config.redisUrl, logger) : undefined;
  const app = buildApp(config, { database, logger, ...(shared ? { cache: shared.cache } : {}) });
  return {
    config,
    logger,
    app,
    close: async () => {
      await database.close();
      await shared?.close();
    },
  };
}

// `npm start`: configuration → storage → app → HTTP server on POST /webhook. Stops on SIGTERM or
// SIGINT after in-flight calls finish.
import { createLogger, serve } from 'cxhook';
import { buildApp } from './app.ts';
import { ConfigError, describeConfig, loadConfig } from './config.ts';
import { connectRedisCache } from './services/cache.ts';
import { openDatabase } from './storage/database.ts';

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

/** Exit code for a configuration the process cannot start with (like sysexits' EX_USAGE spirit). */
const EXIT_CONFIG = 2;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`cxhook reference: ${error.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  const logger = createLogger({ level: config.logLevel });
  // Migrations and demo data before the port opens: a replica never answers on an old schema.
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.database.url, poolMax: config.database.poolMax });
  logger.info({ engine: database.engine, location: database.location }, 'database ready');

  const shared = config.redisUrl ? await connectRedisCache(config.redisUrl, logger) : undefined;

  const app = buildApp(config, { database, logger, ...(shared ? { cache: shared.cache } : {}) });
  const { url } = await serve({
    app,
    port: config.port,
    host: config.host,
    ...(config.tls ? { tls: config.tls } : {}),
    handleSignals: true,
    logger,
    // After in-flight calls drained: closing checkpoints SQLite's WAL into the main file, or ends
    // the PostgreSQL pool's connections cleanly.
    onShutdown: async () => {
      await database.close();
      await shared?.close();
    },
  });
  logger.info({ webhookUrl: `${url}/webhook`, config: describeConfig(config) }, 'reference webhook ready');
  if (!app.options.auth && !isLoopback(config.host)) {
    logger.warn({ host: config.host }, 'no authentication configured (AUTH_* variables) and listening beyond this machine: anyone who can reach it can call the webhook');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`cxhook reference: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

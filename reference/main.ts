// `npm start`: configuration → storage → app → HTTP server on POST /webhook. Stops on SIGTERM or
// SIGINT after in-flight calls finish.
import { serve } from 'cxhook';
import { ConfigError, describeConfig } from './config.ts';
import { openReference, type OpenReference } from './open.ts';

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

/** Exit code for a configuration the process cannot start with (like sysexits' EX_USAGE spirit). */
const EXIT_CONFIG = 2;

async function main(): Promise<void> {
  let opened: OpenReference;
  try {
    opened = await openReference(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`cxhook reference: ${error.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  const { app, config, logger } = opened;
  const { url } = await serve({
    app,
    port: config.port,
    host: config.host,
    ...(config.tls ? { tls: config.tls } : {}),
    handleSignals: true,
    logger,
    // After in-flight calls drained: closing checkpoints SQLite's WAL into the main file, or ends
    // the PostgreSQL pool's connections cleanly.
    onShutdown: opened.close,
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

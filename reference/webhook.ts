// The reference webhook as an app module for the CLI, configured from the environment like
// `npm start`: `cxhook check <agent> --app reference/webhook.ts`, `cxhook test <agent> --app
// reference/webhook.ts`, `cxhook simulate …`, or `cxhook serve reference/webhook.ts`.
import { createLogger, type WebhookApp } from 'cxhook';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './storage/database.ts';

/** Builds the reference app on the configured database (SQLite in DATA_DIR by default). */
export default async function referenceWebhook(): Promise<WebhookApp> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel });
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.database.url, poolMax: config.database.poolMax });
  return buildApp(config, { database, logger });
}

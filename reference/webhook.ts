// The reference webhook as an app module for the CLI, opened from the environment as `npm start`
// opens it: `cxhook check <agent> --app reference/webhook.ts`, `cxhook test <agent> --app
// reference/webhook.ts`, `cxhook simulate …`, or `cxhook serve reference/webhook.ts`.
import type { WebhookApp } from 'cxhook';
import { openReference } from './open.ts';

/** Builds the reference app on the configured database (SQLite in DATA_DIR by default) and cache. */
export default async function referenceWebhook(): Promise<WebhookApp> {
  return (await openReference(process.env)).app;
}

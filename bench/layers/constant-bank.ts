// A layer of `npm run bench:layers` with BENCH_LAYERS=reads: the reference's database-query
// handler over a bank that answers the demo customer's balance from memory, so the distance
// between it and the reference on SQLite is what the database read costs under load.
import { createLogger, createWebhook } from '../../src/index.ts';
import { serve } from '../../src/transport/node-http/index.ts';
import { databaseQueryHandler } from '../../reference/handlers/database-query.ts';
import type { Account, Bank } from '../../reference/storage/bank.ts';
import { listenOptions } from './shared.ts';

/** The seed's first customer, as the database answers it. */
const ACCOUNT: Account = { userId: 'u-1001', balanceCents: 125075, currency: 'USD' };

const bank: Bank = {
  account: async (userId) => (userId === ACCOUNT.userId ? ACCOUNT : undefined),
  recentTransactions: async () => [],
};

const app = createWebhook({ logger: createLogger({ level: 'warn' }) });
app.tag('database-query', databaseQueryHandler({ bank }));
// The bench's start-up probe sends the weather body.
app.fallback((ctx) => ctx.reply.text('ok'));
void serve({ app, ...listenOptions() });

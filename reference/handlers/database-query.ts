// Tag `database-query`: a bank customer's balance or latest transactions, by `query_type` and
// `user_id`.
import type { Handler } from 'cxhook';
import type { Bank } from '../storage/bank.ts';
import { textParam } from './params.ts';
import { spokenMoney } from './spoken.ts';

export interface DatabaseQueryHandlerDeps {
  bank: Bank;
}

export const QUERY_TYPES = ['account_balance', 'recent_transactions'] as const;
export const ASK_QUERY_TYPE = 'I can tell you your account balance or your recent transactions. Which would you like?';
export const ASK_USER_ID = 'To look that up I need your customer ID. What is it?';
export const UNKNOWN_USER = "I couldn't find an account for that customer ID. Could you check it and tell me again?";

type QueryType = (typeof QUERY_TYPES)[number];

/** "Account Balance", "account-balance" and "account_balance" all name the same query. */
function queryTypeOf(value: string | undefined): QueryType | undefined {
  const normal = value?.toLowerCase().replace(/[\s-]+/g, '_');
  return QUERY_TYPES.find((type) => type === normal);
}

/**
 * @example app.tag('database-query', databaseQueryHandler({ bank: createBank(database) }))
 */
export function databaseQueryHandler(deps: DatabaseQueryHandlerDeps): Handler {
  return async (ctx) => {
    const queryType = queryTypeOf(textParam(ctx.param('query_type')));
    if (!queryType) {
      ctx.reply.text(ASK_QUERY_TYPE);
      return;
    }
    const userId = textParam(ctx.param('user_id'));
    if (!userId) {
      ctx.reply.text(ASK_USER_ID);
      return;
    }
    const account = await deps.bank.account(userId);
    if (!account) {
      ctx.reply.text(UNKNOWN_USER);
      return;
    }
    if (queryType === 'account_balance') {
      ctx.reply.text(`Your current account balance is ${spokenMoney(account.balanceCents, account.currency)}.`);
      return;
    }
    const transactions = await deps.bank.recentTransactions(userId, 5);
    if (transactions.length === 0) {
      ctx.reply.text('You have no recent transactions.');
      return;
    }
    const lines = transactions.map((item) => `• ${item.postedOn}: ${item.description} ${spokenMoney(item.amountCents, account.currency)}`);
    ctx.reply.text(['Here are your recent transactions:', ...lines].join('\n'));
  };
}

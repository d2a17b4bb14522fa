// Who may call the reference webhook, from its configuration: every configured scheme is accepted
// (any of them), and none configured means no authentication at all.
import { anyOf, apiKey, basicAuth, bearerToken, googleIdToken, type Authenticator } from 'cxhook';
import type { AuthConfig } from './config.ts';

/**
 * @example createWebhook({ auth: authFromConfig(loadConfig().auth) })
 */
export function authFromConfig(config: AuthConfig): Authenticator | undefined {
  const schemes: Authenticator[] = [];
  if (config.apiKeys.length > 0) schemes.push(apiKey({ header: config.apiKeyHeader, keys: config.apiKeys }));
  if (Object.keys(config.basicUsers).length > 0) schemes.push(basicAuth({ users: config.basicUsers }));
  if (config.bearerTokens.length > 0) schemes.push(bearerToken({ tokens: config.bearerTokens }));
  if (config.google) {
    const { audience, projectNumber, emails, jwksUrl } = config.google;
    schemes.push(googleIdToken({ audience, projectNumber, allowedEmails: emails.length > 0 ? emails : undefined, jwksUrl }));
  }
  if (schemes.length === 0) return undefined;
  return schemes.length === 1 ? schemes[0] : anyOf(...schemes);
}

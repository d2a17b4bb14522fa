// API keys in a request header (CX: webhook settings → "Request headers"), compared in constant time.
import { CxhookError } from '../errors/index.ts';
import type { Authenticator } from './authenticator.ts';
import { headerValue } from './authorization-header.ts';
import { secretMatcher, type NamedSecrets } from './constant-time.ts';

export interface ApiKeyOptions {
  /** The header that carries the key (default `x-api-key`; any case). */
  header?: string;
  /** The accepted keys: a list (subjects `key-0`, `key-1`…) or a record name → key (subject = name). */
  keys: NamedSecrets;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/**
 * Accepts a request whose `header` holds one of `keys`. No header → 401 (no challenge: header keys
 * have none); a wrong key → 403. The principal is `{ scheme: 'api-key', subject: <key name> }`.
 * @example
 * createWebhook({ auth: apiKey({ keys: { cx: readSecret(process.env, 'CX_API_KEY')! } }) })
 * // CX → webhook → "Request headers": x-api-key: <the key>
 */
export function apiKey(options: ApiKeyOptions): Authenticator {
  const header = (options?.header ?? 'x-api-key').toLowerCase();
  if (!HEADER_NAME.test(header)) throw new CxhookError('CXH_ERR_INVALID_OPTION', ['apiKey.header', `"${header}" is not a header name`]);
  const keys = secretMatcher('apiKey.keys', options?.keys, 'key');
  return {
    scheme: 'api-key',
    secretHeaders: [header],
    authenticate({ headers }) {
      const presented = headerValue(headers, header);
      if (presented === undefined || presented === '') return { ok: false, kind: 'missing', reason: `no ${header} header` };
      const name = keys.match(presented);
      if (name === undefined) return { ok: false, kind: 'refused', reason: `${header} matches no configured key` };
      return { ok: true, principal: { scheme: 'api-key', subject: name } };
    },
  };
}

// Builds webhooks (spec cx-agent-export §5.7). Exports can hold plaintext secrets (a Basic-auth
// password, header values, an OAuth client secret, a password inside the URI): the model keeps only
// that there were some, never the values.
import type { Webhook } from '../model.ts';
import { recordOf } from './key-values.ts';
import type { Parsed } from './read-resources.ts';
import type { GenericWebServiceShape, WebhookShape } from './shapes.ts';

/** CX's webhook timeout when the export sets none. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5000;

function timeoutMsOf(timeout: WebhookShape['timeout']): number {
  if (timeout === undefined) return DEFAULT_WEBHOOK_TIMEOUT_MS;
  if (typeof timeout === 'string') return Math.round(Number.parseFloat(timeout) * 1000);
  const ms = Number(timeout.seconds ?? 0) * 1000 + (timeout.nanos ?? 0) / 1e6;
  return ms > 0 ? Math.round(ms) : DEFAULT_WEBHOOK_TIMEOUT_MS;
}

const present = (value: unknown) =>
  value !== undefined && value !== null && value !== '' && !(typeof value === 'object' && Object.keys(value).length === 0);

function hasCredentials(service: GenericWebServiceShape | undefined): boolean {
  if (!service) return false;
  return [service.username, service.password, service.requestHeaders, service.secretVersionForUsernamePassword, service.secretVersionsForRequestHeaders, service.oauthConfig].some(present);
}

/** The URI without any `user:password@`, and whether it had one. */
function withoutUserInfo(uri: string): { uri: string; hadUserInfo: boolean } {
  try {
    const url = new URL(uri);
    if (!url.username && !url.password) return { uri, hadUserInfo: false };
    url.username = '';
    url.password = '';
    return { uri: url.toString(), hadUserInfo: true };
  } catch {
    // Not a URL (a placeholder such as `https://<YOUR-URL>` is kept as it is).
    const match = /^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i.exec(uri);
    return match ? { uri: match[1] + uri.slice(match[0].length), hadUserInfo: true } : { uri, hadUserInfo: false };
  }
}

/**
 * The model of a parsed webhook, standard or flexible, direct or through Service Directory.
 * @example webhookOf(parsed).timeoutMs // 5000
 */
export function webhookOf(parsed: Parsed<WebhookShape>): Webhook {
  const { data } = parsed;
  const service = data.genericWebService ?? data.serviceDirectory?.genericWebService;
  const parameterMapping: Record<string, string> = {};
  for (const [key, value] of Object.entries(recordOf(service?.parameterMapping))) parameterMapping[key] = String(value);
  const webhook: Webhook = {
    id: parsed.id,
    displayName: parsed.displayName,
    kind: service?.webhookType === 'FLEXIBLE' ? 'FLEXIBLE' : 'STANDARD',
    timeoutMs: timeoutMsOf(data.timeout),
    disabled: data.disabled ?? false,
    parameterMapping,
    hasCredentials: hasCredentials(data.genericWebService) || hasCredentials(data.serviceDirectory?.genericWebService),
    source: { file: parsed.file, path: '$' },
  };
  if (service?.uri) {
    const { uri, hadUserInfo } = withoutUserInfo(service.uri);
    webhook.uri = uri;
    if (hadUserInfo) webhook.hasCredentials = true;
  }
  if (service?.httpMethod) webhook.httpMethod = service.httpMethod;
  if (service?.requestBody !== undefined) webhook.requestBody = service.requestBody;
  if (data.serviceDirectory?.service) webhook.serviceDirectory = data.serviceDirectory.service;
  return webhook;
}

// Builds the WebhookRequest `cxhook send` posts: from a request file, from flags, or a file with
// flags laid over it. What it makes looks like what CX sends (full resource names, both parameter
// maps filled, a detectIntentResponseId), so handlers see the same shapes as in production.
import { randomUUID } from 'node:crypto';
import { DEFAULT_START_FLOW_ID, flowOfPage, parseSessionPath, type JsonObject, type JsonValue } from '../protocol/index.ts';
import { isPlainObject } from '../protocol/json.ts';
import { usageError } from './io.ts';

/** The agent local requests claim to come from. */
export const LOCAL_AGENT = 'projects/cxhook-local/locations/global/agents/cxhook-agent';
/** CX's id of an agent's Default Start Flow. */
/** Members of the request's `query` oneof: a request carries at most one. */
const QUERY_FIELDS = ['text', 'triggerIntent', 'transcript', 'triggerEvent', 'dtmfDigits'] as const;

export interface RequestFlags {
  /** `fulfillmentInfo.tag`. */
  tag?: string;
  /** `name=value` session and intent parameters; values are JSON when they parse as JSON. */
  param?: string[];
  /** `intentInfo.displayName`. */
  intent?: string;
  text?: string;
  /** `triggerEvent`. */
  event?: string;
  /** A session id (or a full session path). */
  session?: string;
  /** The current page's display name. */
  page?: string;
  /** `name=value` form parameters (FILLED), or `name` alone (EMPTY). */
  form?: string[];
  language?: string;
}

export interface Assignment {
  name: string;
  /** The text after `=` as given. */
  raw: string;
  value: JsonValue;
}

/** `5` → 5, `true` → true, `{"year":2026}` → an object, `Paris` → "Paris" (not JSON, so a string). */
export function parseParamValue(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/** Splits `name=value` at the first `=`. */
export function parseAssignment(text: string, flag: string): Assignment {
  const at = text.indexOf('=');
  const name = (at === -1 ? '' : text.slice(0, at)).trim();
  if (!name) throw usageError(`${flag} takes name=value, got "${text}"`);
  const raw = text.slice(at + 1);
  return { name, raw, value: parseParamValue(raw) };
}

/** `abc` → `projects/cxhook-local/…/sessions/abc`; a full session path is kept as it is. */
export function sessionPath(id: string, agentName: string = LOCAL_AGENT): string {
  if (id.startsWith('projects/')) {
    if (!parseSessionPath(id)) throw usageError(`--session "${id}" is not a session path (projects/P/locations/L/agents/A/sessions/S)`);
    return id;
  }
  if (!id || id.includes('/')) throw usageError(`--session takes a session id without "/", got "${id}"`);
  return `${agentName}/sessions/${id}`;
}

/** A page id for a display name: the flow's start page is `START_PAGE`, others a slug of the name. */
export function pageIdOf(displayName: string): string {
  if (displayName.trim().toLowerCase() === 'start page') return 'START_PAGE';
  return displayName.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'page';
}

/** The plain object at `parent[key]`, created (or replacing a non-object) when needed. */
function objectAt(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = parent[key];
  if (isPlainObject(existing)) return existing;
  const created: Record<string, unknown> = {};
  parent[key] = created;
  return created;
}

function setQuery(request: Record<string, unknown>, field: (typeof QUERY_FIELDS)[number], value: string): void {
  for (const other of QUERY_FIELDS) delete request[other];
  request[field] = value;
}

/**
 * The request to send: `base` (a request file, unchanged where no flag says otherwise) with the
 * flags applied. Session parameters, intent parameters and form parameters given by flags replace
 * same-named ones of the file and keep the others.
 * @example buildRequest({ tag: 'weather', param: ['location=Paris'] })
 */
export function buildRequest(flags: RequestFlags, base: Readonly<Record<string, unknown>> = {}): JsonObject {
  if (flags.text !== undefined && flags.event !== undefined) {
    throw usageError('--text and --event are one choice: a request carries one query (text or event), not both');
  }
  const request = structuredClone(base) as Record<string, unknown>;
  const params = (flags.param ?? []).map((text) => parseAssignment(text, '--param'));
  const form = (flags.form ?? []).map((text): Assignment & { filled: boolean } =>
    text.includes('=') ? { ...parseAssignment(text, '--form'), filled: true } : { name: text.trim(), raw: '', value: null, filled: false },
  );
  if (form.some((field) => !field.name)) throw usageError('--form takes name=value (or a name alone for an empty parameter)');

  if (typeof request.detectIntentResponseId !== 'string' || !request.detectIntentResponseId) {
    request.detectIntentResponseId = randomUUID();
  }
  if (flags.language !== undefined) request.languageCode = flags.language;
  else if (typeof request.languageCode !== 'string') request.languageCode = 'en';
  if (flags.tag !== undefined) objectAt(request, 'fulfillmentInfo').tag = flags.tag;
  if (flags.text !== undefined) setQuery(request, 'text', flags.text);
  if (flags.event !== undefined) setQuery(request, 'triggerEvent', flags.event);

  const sessionInfo = objectAt(request, 'sessionInfo');
  const given = typeof sessionInfo.session === 'string' ? parseSessionPath(sessionInfo.session) : undefined;
  const agentName = given?.agentName ?? LOCAL_AGENT;
  if (flags.session !== undefined) sessionInfo.session = sessionPath(flags.session, agentName);
  else if (typeof sessionInfo.session !== 'string') sessionInfo.session = sessionPath(randomUUID(), agentName);

  if (flags.page !== undefined) {
    const pageInfo = objectAt(request, 'pageInfo');
    const currentPage = typeof pageInfo.currentPage === 'string' ? pageInfo.currentPage : undefined;
    const flow = flowOfPage(currentPage) ?? `${agentName}/flows/${DEFAULT_START_FLOW_ID}`;
    pageInfo.displayName = flags.page;
    pageInfo.currentPage = `${flow}/pages/${pageIdOf(flags.page)}`;
  }

  if (form.length > 0) {
    const formInfo = objectAt(objectAt(request, 'pageInfo'), 'formInfo');
    const existing = Array.isArray(formInfo.parameterInfo) ? (formInfo.parameterInfo as unknown[]) : [];
    const names = new Set(form.map((field) => field.name));
    const kept = existing.filter((entry) => !(isPlainObject(entry) && names.has(entry.displayName as string)));
    const added = form.map((field) =>
      field.filled
        ? { displayName: field.name, required: true, state: 'FILLED', value: field.value }
        : { displayName: field.name, required: true, state: 'EMPTY' },
    );
    formInfo.parameterInfo = [...kept, ...added];
    // CX keeps filled form parameters as session parameters too.
    const sessionParams = objectAt(sessionInfo, 'parameters');
    for (const field of form) if (field.filled) sessionParams[field.name] = field.value;
  }

  if (params.length > 0) {
    const sessionParams = objectAt(sessionInfo, 'parameters');
    const intentParams = objectAt(objectAt(request, 'intentInfo'), 'parameters');
    for (const { name, raw, value } of params) {
      sessionParams[name] = value;
      intentParams[name] = { originalValue: raw, resolvedValue: value };
    }
  }
  if (flags.intent !== undefined) objectAt(request, 'intentInfo').displayName = flags.intent;
  return request as JsonObject;
}

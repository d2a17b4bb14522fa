// The readable form of a webhook's answer, as `cxhook send` prints it: what the user would hear and
// see, what changes in the session, where the conversation goes, and what breaks the contract.
// It reads the body loosely: an invalid response is printed as far as it makes sense, then checked.
import { STATUS_CODES } from 'node:http';
import type { ContractIssue } from '../protocol/index.ts';
import { isPlainObject } from '../protocol/json.ts';
import type { Colors } from './io.ts';

type Loose = Record<string, unknown>;

const MAX_VALUE_CHARS = 160;
const LABEL_WIDTH = 11;

/** Compact JSON, cut at `max` characters. */
export function formatValue(value: unknown, max = MAX_VALUE_CHARS): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function quote(text: unknown): string {
  return typeof text === 'string' ? JSON.stringify(text) : formatValue(text);
}

function asObject(value: unknown): Loose | undefined {
  return isPlainObject(value) ? value : undefined;
}

/** The last segment of a resource name (`…/pages/END_SESSION` → `END_SESSION`). */
function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

export interface ExchangeSummary {
  method?: string;
  url: string;
  status: number;
  latencyMs: number;
  /** The `x-request-id` the server answered with. */
  requestId?: string | undefined;
}

/** `200 OK · 12 ms · POST http://…/webhook · request id abc` */
export function formatStatusLine(exchange: ExchangeSummary, c: Colors): string {
  const ok = exchange.status >= 200 && exchange.status < 300;
  const status = `${exchange.status} ${STATUS_CODES[exchange.status] ?? ''}`.trim();
  const parts = [
    ok ? c.green(c.bold(status)) : c.red(c.bold(status)),
    `${Math.round(exchange.latencyMs)} ms`,
    c.dim(`${exchange.method ?? 'POST'} ${exchange.url}`),
  ];
  if (exchange.requestId) parts.push(c.dim(`request id ${exchange.requestId}`));
  return parts.join(c.dim(' · '));
}

/** One rich content element in a few words: `info "Title"`, `chips (3)`, `divider`. */
export function summarizeRichElement(element: unknown): string {
  const fields = asObject(element);
  const type = typeof fields?.type === 'string' ? fields.type : undefined;
  if (!fields || !type) return '?';
  const titled = (text: unknown) => (typeof text === 'string' && text ? `${type} ${quote(text)}` : type);
  switch (type) {
    case 'info':
      return titled(fields.title ?? fields.subtitle);
    case 'description':
    case 'list':
    case 'accordion':
      return titled(fields.title);
    case 'button':
      return titled(fields.text);
    case 'image':
      return titled(fields.accessibilityText ?? fields.rawUrl);
    case 'chips':
      return `chips (${Array.isArray(fields.options) ? fields.options.length : 0})`;
    case 'match_citations':
      return `citations (${Array.isArray(fields.citations) ? fields.citations.length : 0})`;
    default:
      return type;
  }
}

/** One line per card: `[card 1] info "Title" · chips (3)`. */
export function summarizeRichContent(richContent: unknown): string[] {
  if (!Array.isArray(richContent)) return [`richContent ${formatValue(richContent)}`];
  return richContent.map((card, index) => {
    const elements = Array.isArray(card) ? card : [card];
    return `[card ${index + 1}] ${elements.map(summarizeRichElement).join(' · ') || '(empty)'}`;
  });
}

/** A message as a label (`text`, `rich`, `handoff`…) and its lines. */
export function describeMessage(message: unknown): { label: string; lines: string[] } {
  const fields = asObject(message);
  if (!fields) return { label: '?', lines: [formatValue(message)] };
  const text = asObject(fields.text);
  if (text) {
    const variants = Array.isArray(text.text) ? text.text : [text.text];
    const shown = variants.map(quote).join(' | ');
    return { label: 'text', lines: [variants.length > 1 ? `${shown} (${variants.length} variants)` : shown] };
  }
  const audio = asObject(fields.outputAudioText);
  if (audio) {
    return audio.ssml !== undefined ? { label: 'ssml', lines: [String(audio.ssml)] } : { label: 'audio text', lines: [quote(audio.text)] };
  }
  const payload = asObject(fields.payload);
  if (payload) {
    if (!('richContent' in payload)) return { label: 'payload', lines: [formatValue(payload)] };
    const { richContent, ...rest } = payload;
    const lines = summarizeRichContent(richContent);
    if (Object.keys(rest).length > 0) lines.push(`+ ${formatValue(rest)}`);
    return { label: 'rich', lines };
  }
  const withMetadata = (label: string, what: string, value: unknown) => {
    const metadata = asObject(asObject(value)?.metadata);
    return { label, lines: [metadata && Object.keys(metadata).length > 0 ? `${what} ${formatValue(metadata)}` : what] };
  };
  if (fields.conversationSuccess !== undefined) return withMetadata('success', 'conversation success', fields.conversationSuccess);
  if (fields.liveAgentHandoff !== undefined) return withMetadata('handoff', 'live agent handoff', fields.liveAgentHandoff);
  const playAudio = asObject(fields.playAudio);
  if (playAudio) return { label: 'play audio', lines: [String(playAudio.audioUri ?? '(no audioUri)')] };
  const transfer = asObject(fields.telephonyTransferCall);
  if (transfer) return { label: 'transfer', lines: [`transfer call to ${String(transfer.phoneNumber ?? '(no number)')}`] };
  if (fields.knowledgeInfoCard !== undefined) return { label: 'knowledge', lines: ['knowledge info card'] };
  const { channel: _channel, responseType: _responseType, ...rest } = fields;
  const kind = Object.keys(rest)[0];
  return { label: kind ?? 'empty', lines: [kind ? formatValue(rest[kind]) : '(a message with no content)'] };
}

function mergeLine(behavior: unknown, c: Colors): string {
  if (behavior === 'REPLACE') return `${c.bold('merge')} REPLACE ${c.dim('(these replace the messages CX queued this turn)')}`;
  if (behavior === 'APPEND') return `${c.bold('merge')} APPEND ${c.dim('(after the messages CX queued this turn)')}`;
  if (behavior === undefined || behavior === 'MERGE_BEHAVIOR_UNSPECIFIED') {
    return `${c.bold('merge')} APPEND ${c.dim('(the default: after the messages CX queued this turn)')}`;
  }
  return `${c.bold('merge')} ${formatValue(behavior)}`;
}

/**
 * The readable lines of a WebhookResponse body (any JSON: an invalid body is shown as far as it
 * reads, the contract check says what is wrong).
 */
export function formatResponse(body: unknown, c: Colors): string[] {
  const response = asObject(body);
  if (!response) return [c.red(`the body is not a JSON object: ${formatValue(body)}`)];
  const lines: string[] = [];
  const fulfillment = asObject(response.fulfillmentResponse);
  const messages = Array.isArray(fulfillment?.messages) ? fulfillment.messages : [];

  if (messages.length > 0) {
    lines.push(c.bold(`messages (${messages.length})`));
    const numberWidth = String(messages.length).length + 1;
    messages.forEach((message, index) => {
      const { label, lines: content } = describeMessage(message);
      const channel = asObject(message)?.channel;
      const suffix = typeof channel === 'string' ? ` ${c.dim(`[channel ${channel}]`)}` : '';
      const number = `${index + 1}.`.padStart(numberWidth);
      const indent = ' '.repeat(2 + numberWidth + 1 + LABEL_WIDTH + 1);
      content.forEach((line, lineIndex) => {
        lines.push(lineIndex === 0 ? `  ${number} ${c.cyan(label.padEnd(LABEL_WIDTH))} ${line}${suffix}` : `${indent}${line}`);
      });
    });
  }
  if (fulfillment && (messages.length > 0 || fulfillment.mergeBehavior !== undefined)) lines.push(mergeLine(fulfillment.mergeBehavior, c));

  const params = asObject(asObject(response.sessionInfo)?.parameters);
  if (params && Object.keys(params).length > 0) {
    lines.push(c.bold('session parameters'));
    for (const [name, value] of Object.entries(params)) {
      lines.push(value === null ? `  ${c.red('delete')} ${name}` : `  ${c.green('set')} ${name} = ${formatValue(value)}`);
    }
  }

  const formParams = asObject(asObject(response.pageInfo)?.formInfo)?.parameterInfo;
  if (Array.isArray(formParams) && formParams.length > 0) {
    lines.push(c.bold('form parameters'));
    for (const entry of formParams) {
      const fields = asObject(entry) ?? {};
      const state = String(fields.state ?? '(no state)');
      const marks = [state === 'INVALID' ? c.yellow(state) : c.red(`${state} (ignored by CX: only INVALID is honoured)`)];
      if (fields.required === true) marks.push('required');
      if (fields.value !== undefined) marks.push(`value ${formatValue(fields.value)}`);
      lines.push(`  ${String(fields.displayName ?? '(no displayName)')} ${marks.join(c.dim(', '))}`);
    }
  }

  for (const [key, kind] of [['targetPage', 'page'], ['targetFlow', 'flow']] as const) {
    const target = response[key];
    if (typeof target !== 'string') continue;
    const id = lastSegment(target);
    lines.push(`${c.bold('transition')} → ${kind} ${c.magenta(id)}${id === target ? '' : ` ${c.dim(`(${target})`)}`}`);
  }
  if (response.payload !== undefined) lines.push(`${c.bold('caller payload')} ${formatValue(response.payload)}`);
  if (lines.length === 0) lines.push(c.dim('(empty response: nothing to say, nothing changes)'));
  return lines;
}

/** The contract problems, each with its path. */
export function formatIssues(issues: readonly ContractIssue[], c: Colors): string[] {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return [
    c.red(c.bold(`✗ invalid WebhookResponse (${count})`)),
    ...issues.map((issue) => `  ${c.red(issue.path || '(response)')}: ${issue.message}`),
  ];
}

/** What a non-2xx answer says: cxhook's `{ error: { code, message, details } }`, or its text. */
export function formatErrorBody(body: unknown, text: string, c: Colors): string[] {
  const error = asObject(asObject(body)?.error);
  if (error && (typeof error.code === 'string' || typeof error.message === 'string')) {
    const lines = [`${c.red(String(error.code ?? 'error'))}: ${String(error.message ?? '')}`.trimEnd()];
    if (Array.isArray(error.details)) {
      for (const detail of error.details) {
        const issue = asObject(detail);
        lines.push(issue && typeof issue.message === 'string' ? `  ${c.red(String(issue.path || '(root)'))}: ${issue.message}` : `  ${formatValue(detail)}`);
      }
    }
    return lines;
  }
  if (body !== undefined) return [formatValue(body, 500)];
  const trimmed = text.trim();
  return trimmed ? [trimmed.length > 500 ? `${trimmed.slice(0, 499)}…` : trimmed] : [c.dim('(empty body)')];
}

// Strict checks on an outgoing WebhookResponse: the schema plus the rules the schema cannot say
// (oneofs, INVALID-only form states, form parameters the page really has, the 64 KiB limit).
import type { z } from 'zod';
import { deferredValidator } from './compiled.ts';
import { PRECOMPILED } from './precompiled.ts';
import { isJsonValue } from './json.ts';
import { OUTPUT_ONLY_MESSAGE_KINDS } from './messages.ts';
import { checkRichContent } from './rich-content.ts';
import { responseSchemas, type WebhookRequest, type WebhookResponse } from './schemas.ts';


const compiled = deferredValidator(() => responseSchemas.webhookResponse, { stripUnknown: false }, PRECOMPILED.webhookResponse);

/** CX refuses response bodies above 64 KiB. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface ContractIssue {
  /** Dotted path into the response, e.g. `fulfillmentResponse.messages.0.text.text`. */
  path: string;
  message: string;
}

export type ResponseCheck =
  | { ok: true; response: WebhookResponse; body: string }
  | { ok: false; issues: ContractIssue[]; tooLarge?: { bytes: number } };

const MESSAGE_KINDS = [
  'text',
  'payload',
  'conversationSuccess',
  'outputAudioText',
  'liveAgentHandoff',
  'playAudio',
  'telephonyTransferCall',
  'knowledgeInfoCard',
] as const;

function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

const camelCase = (key: string) => key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

function fromZod(error: z.ZodError): ContractIssue[] {
  return error.issues.flatMap((issue): ContractIssue[] => {
    if (issue.code !== 'unrecognized_keys') return [{ path: dotted(issue.path), message: issue.message }];
    // One issue per key, at the key's own path, so each can be found and fixed.
    return issue.keys.map((key) => {
      const path = dotted([...issue.path, key]);
      if ((OUTPUT_ONLY_MESSAGE_KINDS as readonly string[]).includes(key)) {
        return { path, message: `${key} is output-only: CX emits it, a webhook cannot send it` };
      }
      const camel = camelCase(key);
      const hint = camel === key ? '' : ` (did you mean "${camel}"? JSON field names are lowerCamelCase)`;
      return { path, message: `unknown field "${key}"${hint}` };
    });
  });
}

const messagePath = (index: number): string => `fulfillmentResponse.messages.${index}`;

function checkSemantics(response: WebhookResponse, request: WebhookRequest | undefined): ContractIssue[] {
  const issues: ContractIssue[] = [];
  if (response.targetPage !== undefined && response.targetFlow !== undefined) {
    issues.push({ path: 'targetFlow', message: 'targetPage and targetFlow are one choice (oneof transition): send only one' });
  }
  // Runs on every answer: no path or list is built for a message that passes.
  response.fulfillmentResponse?.messages?.forEach((message, index) => {
    let held = 0;
    for (const kind of MESSAGE_KINDS) if (message[kind] !== undefined) held++;
    if (held !== 1) {
      const kinds = MESSAGE_KINDS.filter((kind) => message[kind] !== undefined);
      issues.push({ path: messagePath(index), message: `a message holds exactly one of ${MESSAGE_KINDS.join(', ')}; found ${kinds.length ? kinds.join(', ') : 'none'}` });
    }
    const audio = message.outputAudioText;
    if (audio && (audio.text === undefined) === (audio.ssml === undefined)) {
      issues.push({ path: `${messagePath(index)}.outputAudioText`, message: 'outputAudioText holds exactly one of text or ssml' });
    }
    const richContent = message.payload?.richContent;
    if (richContent !== undefined) {
      for (const issue of checkRichContent(richContent)) {
        issues.push({ path: dotted([messagePath(index), 'payload', 'richContent', ...issue.path]), message: issue.message });
      }
    }
  });
  const formParameters = response.pageInfo?.formInfo?.parameterInfo;
  if (!formParameters?.length) return issues;
  const known = new Set(request?.pageInfo?.formInfo?.parameterInfo?.map((parameter) => parameter.displayName) ?? []);
  formParameters.forEach((parameter, index) => {
    const path = `pageInfo.formInfo.parameterInfo.${index}`;
    if (parameter.state !== 'INVALID') {
      issues.push({ path: `${path}.state`, message: `only INVALID is honoured by CX, got ${parameter.state}` });
    }
    if (request && !known.has(parameter.displayName)) {
      const names = known.size ? [...known].join(', ') : 'none';
      issues.push({ path: `${path}.displayName`, message: `"${parameter.displayName}" is not a form parameter of the current page (it has: ${names})` });
    }
  });
  return issues;
}

/**
 * Checks a response before it leaves and serializes it. `request` enables the checks that depend on
 * the page (form parameter names).
 */
export function checkWebhookResponse(candidate: unknown, request?: WebhookRequest): ResponseCheck {
  let response: WebhookResponse;
  // Fast path: the compiled schema plus a check that every value is plain JSON all the way down.
  if (compiled(candidate) && isJsonValue(candidate)) {
    response = candidate as WebhookResponse;
  } else {
    const parsed = responseSchemas.webhookResponse.safeParse(candidate);
    if (!parsed.success) return { ok: false, issues: fromZod(parsed.error) };
    response = parsed.data;
  }
  const issues = checkSemantics(response, request);
  if (issues.length > 0) return { ok: false, issues };
  const body = JSON.stringify(response);
  // A UTF-16 unit is at most 3 UTF-8 bytes: most bodies are known to fit without counting them.
  const bytes = body.length * 3 <= MAX_RESPONSE_BYTES ? body.length : Buffer.byteLength(body);
  if (bytes > MAX_RESPONSE_BYTES) {
    return { ok: false, issues: [{ path: '', message: `body is ${bytes} bytes; CX accepts at most ${MAX_RESPONSE_BYTES}` }], tooLarge: { bytes } };
  }
  return { ok: true, response, body };
}

// WebhookRequest and WebhookResponse (spec sections 2-6). Types are inferred from these schemas;
// there are no hand-written twins.
import * as z from 'zod';
import { MERGE_BEHAVIORS, PARAMETER_STATES } from './enums.ts';
import { jsonMap, jsonObject, jsonValue } from './json.ts';
import { requestKit, responseKit, type SchemaKit } from './kit.ts';
import { defineResponseMessage, OUTPUT_ONLY_MESSAGE_KINDS } from './messages.ts';
import { builtOnFirstUse } from './on-first-use.ts';

function defineShared(kit: SchemaKit) {
  const { message, optional: opt } = kit;
  const parameterInfo = message({
    displayName: z.string(),
    required: opt(z.boolean()),
    state: kit.enumeration(PARAMETER_STATES),
    value: opt(jsonValue(kit.deepJson)),
    justCollected: opt(z.boolean()),
  });
  const pageInfo = message({
    currentPage: opt(z.string()),
    displayName: opt(z.string()),
    formInfo: opt(message({ parameterInfo: opt(z.array(parameterInfo)) })),
  });
  const sessionInfo = message({
    session: opt(z.string()),
    parameters: opt(jsonMap(kit.deepJson)),
  });
  return { parameterInfo, pageInfo, sessionInfo, responseMessage: defineResponseMessage(kit) };
}

function defineRequest(kit: SchemaKit) {
  const { message, optional: opt } = kit;
  const shared = defineShared(kit);
  const webhookRequest = message({
    detectIntentResponseId: opt(z.string()),
    text: opt(z.string()),
    triggerIntent: opt(z.string()),
    transcript: opt(z.string()),
    triggerEvent: opt(z.string()),
    dtmfDigits: opt(z.string()),
    languageCode: opt(z.string()),
    fulfillmentInfo: opt(message({ tag: opt(z.string()) })),
    intentInfo: opt(
      message({
        lastMatchedIntent: opt(z.string()),
        displayName: opt(z.string()),
        parameters: opt(
          z.record(z.string(), message({ originalValue: opt(z.string()), resolvedValue: opt(jsonValue(kit.deepJson)) })),
        ),
        confidence: opt(z.number()),
      }),
    ),
    pageInfo: opt(shared.pageInfo),
    sessionInfo: opt(shared.sessionInfo),
    messages: opt(z.array(shared.responseMessage)),
    payload: opt(jsonObject(kit.deepJson)),
    sentimentAnalysisResult: opt(message({ score: opt(z.number()), magnitude: opt(z.number()) })),
    languageInfo: opt(
      message({
        inputLanguageCode: opt(z.string()),
        resolvedLanguageCode: opt(z.string()),
        confidenceScore: opt(z.number()),
      }),
    ),
  });
  return { ...shared, webhookRequest };
}

function defineResponse(kit: SchemaKit) {
  const { message, optional: opt } = kit;
  const shared = defineShared(kit);
  const outputOnly = Object.fromEntries(OUTPUT_ONLY_MESSAGE_KINDS.map((kind) => [kind, true as const]));
  const responseMessage = shared.responseMessage.omit(outputOnly as { [K in (typeof OUTPUT_ONLY_MESSAGE_KINDS)[number]]: true });
  const webhookResponse = message({
    fulfillmentResponse: opt(
      message({ messages: opt(z.array(responseMessage)), mergeBehavior: opt(kit.enumeration(MERGE_BEHAVIORS)) }),
    ),
    pageInfo: opt(shared.pageInfo),
    sessionInfo: opt(shared.sessionInfo),
    payload: opt(jsonObject(kit.deepJson)),
    targetPage: opt(z.string()),
    targetFlow: opt(z.string()),
  });
  return { ...shared, responseMessage, webhookResponse };
}

/** Lenient schemas for what CX sends: unknown fields dropped, nulls read as unset. Built on first use. */
export const requestSchemas = builtOnFirstUse(() => defineRequest(requestKit));
/** Strict schemas for what a webhook sends: unknown fields and output-only messages refused. Built on first use. */
export const responseSchemas = builtOnFirstUse(() => defineResponse(responseKit));

export type WebhookRequest = z.infer<typeof requestSchemas.webhookRequest>;
export type WebhookResponse = z.infer<typeof responseSchemas.webhookResponse>;
/** A message as CX may send it in `WebhookRequest.messages` (every variant). */
export type RequestMessage = z.infer<typeof requestSchemas.responseMessage>;
/** A message a webhook may send (output-only variants excluded). */
export type ResponseMessage = z.infer<typeof responseSchemas.responseMessage>;
export type ParameterInfo = z.infer<typeof requestSchemas.parameterInfo>;
export type PageInfo = z.infer<typeof requestSchemas.pageInfo>;
export type SessionInfo = z.infer<typeof requestSchemas.sessionInfo>;

// ResponseMessage and its variants (spec section 5), built by a SchemaKit.
import * as z from 'zod';
import { RESPONSE_TYPES } from './enums.ts';
import { jsonObject } from './json.ts';
import type { SchemaKit } from './kit.ts';

/** Message kinds CX emits itself; a webhook can never send them (ending is a transition to END_SESSION). */
export const OUTPUT_ONLY_MESSAGE_KINDS = ['endInteraction', 'mixedAudio', 'toolCall'] as const;

export function defineResponseMessage(kit: SchemaKit) {
  const { message, optional: opt } = kit;
  return message({
    text: opt(message({ text: z.array(z.string()), allowPlaybackInterruption: opt(z.boolean()) })),
    payload: opt(jsonObject(kit.deepJson)),
    conversationSuccess: opt(message({ metadata: opt(jsonObject(kit.deepJson)) })),
    outputAudioText: opt(
      message({ text: opt(z.string()), ssml: opt(z.string()), allowPlaybackInterruption: opt(z.boolean()) }),
    ),
    liveAgentHandoff: opt(message({ metadata: opt(jsonObject(kit.deepJson)) })),
    endInteraction: opt(message({})),
    playAudio: opt(message({ audioUri: z.string(), allowPlaybackInterruption: opt(z.boolean()) })),
    mixedAudio: opt(
      message({
        segments: opt(
          z.array(message({ audio: opt(z.string()), uri: opt(z.string()), allowPlaybackInterruption: opt(z.boolean()) })),
        ),
      }),
    ),
    telephonyTransferCall: opt(message({ phoneNumber: opt(z.string()) })),
    knowledgeInfoCard: opt(message({})),
    toolCall: opt(message({ tool: z.string(), action: z.string(), inputParameters: opt(jsonObject(kit.deepJson)) })),
    responseType: opt(kit.enumeration(RESPONSE_TYPES)),
    channel: opt(z.string()),
  });
}

// Builds a Fulfillment (spec cx-agent-export §5.3) from its exported form: messages as they are,
// conditional cases recursively, the webhook resolved to its display name.
import type { CaseContent, ConditionalCases, ExportMessage, Fulfillment, SourceRef } from '../model.ts';
import { type LoadContext, resolveName } from './context.ts';
import { recordOf } from './key-values.ts';
import { idOf } from './names.ts';
import type { FulfillmentShape } from './shapes.ts';

type CasesShape = NonNullable<FulfillmentShape['conditionalCases']>[number];

function conditionalCasesOf(raw: CasesShape): ConditionalCases {
  return {
    cases: (raw.cases ?? []).map((item) => {
      const caseContent: CaseContent[] = [];
      for (const content of item.caseContent ?? []) {
        // A oneof in the proto; an empty `{}` (seen in hand-edited exports) carries nothing.
        if (content.message) caseContent.push({ message: content.message as ExportMessage });
        else if (content.additionalCases) caseContent.push({ additionalCases: conditionalCasesOf(content.additionalCases) });
      }
      return item.condition === undefined ? { caseContent } : { condition: item.condition, caseContent };
    }),
  };
}

/**
 * The model of the exported fulfillment `raw` found at `source`.
 * @example fulfillmentOf({ webhook: 'lookup', tag: 'geocode' }, source, context).tag // 'geocode'
 */
export function fulfillmentOf(raw: FulfillmentShape, source: SourceRef, context: LoadContext): Fulfillment {
  const fulfillment: Fulfillment = {
    messages: (raw.messages ?? []) as ExportMessage[],
    setParameterActions: (raw.setParameterActions ?? []).map((action) => ({ parameter: action.parameter, value: action.value ?? null })),
    conditionalCases: (raw.conditionalCases ?? []).map(conditionalCasesOf),
    returnPartialResponses: raw.returnPartialResponses ?? false,
    source,
  };
  if (raw.webhook) fulfillment.webhook = resolveName(raw.webhook, context.ids.webhooks);
  if (raw.tag) fulfillment.tag = raw.tag;
  if (raw.generators?.length) {
    fulfillment.generators = raw.generators.map((item) => ({
      generator: idOf(item.generator),
      inputParameters: recordOf(item.inputParameters),
      ...(item.outputParameter ? { outputParameter: item.outputParameter } : {}),
    }));
  }
  return fulfillment;
}

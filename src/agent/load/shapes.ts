// What the loader needs from each kind of file in an export (spec cx-agent-export §5), as zod shapes.
// Every object is loose: exports carry many keys the loader does not read, and newer exports add more.
// Only what the model is built from is checked, so an error means the model could not be built.
import * as z from 'zod';

const text = z.string();
const optionalText = z.string().optional();
const flag = z.boolean().optional();

/** A proto map as exported: a list of `{key, value}` (the API's plain object form is accepted too). */
const keyValues = z.union([z.array(z.looseObject({ key: z.string(), value: z.unknown() })), z.record(z.string(), z.unknown())]);

/** `google.protobuf.Duration`: `{seconds, nanos}` in exports, `"5s"` in proto3 JSON. */
const duration = z.union([
  z.looseObject({ seconds: z.union([z.number(), z.string().regex(/^\d+$/)]).optional(), nanos: z.number().optional() }),
  z.string().regex(/^\d+(\.\d+)?s$/),
]);

const message = z.looseObject({
  languageCode: optionalText,
  text: z.looseObject({ text: z.array(z.string()).optional() }).optional(),
});

interface CasesShape {
  cases?: { condition?: string; caseContent?: { message?: z.output<typeof message>; additionalCases?: CasesShape }[] }[];
}

const cases: z.ZodType<CasesShape> = z.lazy(() =>
  z.looseObject({
    cases: z
      .array(
        z.looseObject({
          condition: optionalText,
          caseContent: z.array(z.looseObject({ message: message.optional(), additionalCases: cases.optional() })).optional(),
        }),
      )
      .optional(),
  }),
);

export const fulfillmentShape = z.looseObject({
  messages: z.array(message).optional(),
  setParameterActions: z.array(z.looseObject({ parameter: text, value: z.unknown().optional() })).optional(),
  conditionalCases: z.array(cases).optional(),
  webhook: optionalText,
  tag: optionalText,
  returnPartialResponses: flag,
  generators: z.array(z.looseObject({ generator: text, inputParameters: keyValues.optional(), outputParameter: optionalText })).optional(),
});
export type FulfillmentShape = z.output<typeof fulfillmentShape>;

const targets = {
  targetPage: optionalText,
  targetFlow: optionalText,
  targetPlaybook: optionalText,
};

export const routeShape = z.looseObject({
  name: optionalText,
  intent: optionalText,
  condition: optionalText,
  description: optionalText,
  triggerFulfillment: fulfillmentShape.optional(),
  ...targets,
});
export type RouteShape = z.output<typeof routeShape>;

export const eventHandlerShape = z.looseObject({
  name: optionalText,
  event: text,
  triggerFulfillment: fulfillmentShape.optional(),
  ...targets,
});
export type EventHandlerShape = z.output<typeof eventHandlerShape>;

const formParameter = z.looseObject({
  displayName: text,
  required: flag,
  entityType: text,
  isList: flag,
  redact: flag,
  defaultValue: z.unknown().optional(),
  fillBehavior: z
    .looseObject({
      initialPromptFulfillment: fulfillmentShape.optional(),
      repromptEventHandlers: z.array(eventHandlerShape).optional(),
    })
    .optional(),
});
export type FormParameterShape = z.output<typeof formParameter>;

const routing = {
  transitionRoutes: z.array(routeShape).optional(),
  eventHandlers: z.array(eventHandlerShape).optional(),
  transitionRouteGroups: z.array(text).optional(),
};

export const pageShape = z.looseObject({
  name: optionalText,
  displayName: optionalText,
  entryFulfillment: fulfillmentShape.optional(),
  form: z.looseObject({ parameters: z.array(formParameter).optional() }).optional(),
  ...routing,
});
export type PageShape = z.output<typeof pageShape>;

export const flowShape = z.looseObject({
  name: optionalText,
  displayName: optionalText,
  nluSettings: z.looseObject({ classificationThreshold: z.number().optional() }).optional(),
  ...routing,
});
export type FlowShape = z.output<typeof flowShape>;

export const routeGroupShape = z.looseObject({
  name: optionalText,
  displayName: optionalText,
  transitionRoutes: z.array(routeShape).optional(),
});
export type RouteGroupShape = z.output<typeof routeGroupShape>;

const trainingPhrase = z.looseObject({
  id: optionalText,
  name: optionalText,
  parts: z.array(z.looseObject({ text, parameterId: optionalText })),
  repeatCount: z.number().optional(),
  languageCode: optionalText,
});

export const trainingPhrasesShape = z.looseObject({ trainingPhrases: z.array(trainingPhrase).optional() });
export type TrainingPhraseShape = z.output<typeof trainingPhrase>;

export const intentShape = z.looseObject({
  name: optionalText,
  displayName: optionalText,
  priority: z.number().optional(),
  isFallback: flag,
  labels: keyValues.optional(),
  description: optionalText,
  parameters: z.array(z.looseObject({ id: text, entityType: text, isList: flag, redact: flag })).optional(),
  // The API's form keeps the phrases inline; exports split them into trainingPhrases/<lang>.json.
  trainingPhrases: z.array(trainingPhrase).optional(),
});
export type IntentShape = z.output<typeof intentShape>;

const entity = z.looseObject({ value: text, synonyms: z.array(z.string()).optional(), languageCode: optionalText });
const excludedPhrase = z.looseObject({ value: text, languageCode: optionalText });

export const entitiesShape = z.looseObject({ entities: z.array(entity).optional() });
export const excludedPhrasesShape = z.looseObject({ excludedPhrases: z.array(excludedPhrase).optional() });
export type EntityShape = z.output<typeof entity>;
export type ExcludedPhraseShape = z.output<typeof excludedPhrase>;

export const entityTypeShape = z.looseObject({
  name: optionalText,
  displayName: optionalText,
  kind: optionalText,
  autoExpansionMode: optionalText,
  enableFuzzyExtraction: flag,
  redact: flag,
  entities: z.array(entity).optional(),
  excludedPhrases: z.array(excludedPhrase).optional(),
});
export type EntityTypeShape = z.output<typeof entityTypeShape>;

const genericWebService = z.looseObject({
  uri: optionalText,
  webhookType: optionalText,
  httpMethod: optionalText,
  requestBody: optionalText,
  parameterMapping: keyValues.optional(),
  // Credentials are only looked at for presence; their values never reach the model.
  username: z.unknown().optional(),
  password: z.unknown().optional(),
  requestHeaders: z.unknown().optional(),
  secretVersionForUsernamePassword: z.unknown().optional(),
  secretVersionsForRequestHeaders: z.unknown().optional(),
  oauthConfig: z.unknown().optional(),
});
export type GenericWebServiceShape = z.output<typeof genericWebService>;

export const webhookShape = z.looseObject({
  name: optionalText,
  displayName: optionalText,
  genericWebService: genericWebService.optional(),
  serviceDirectory: z.looseObject({ service: optionalText, genericWebService: genericWebService.optional() }).optional(),
  timeout: duration.optional(),
  disabled: flag,
});
export type WebhookShape = z.output<typeof webhookShape>;

const named = z.looseObject({ name: optionalText });

const turn = z.looseObject({
  userInput: z.looseObject({
    input: z.looseObject({
      text: z.looseObject({ text }).optional(),
      event: z.looseObject({ event: text }).optional(),
      dtmf: z.looseObject({ digits: optionalText, finishDigit: optionalText }).optional(),
      intent: z.looseObject({ intent: text }).optional(),
      languageCode: optionalText,
    }),
    isWebhookEnabled: flag,
    injectedParameters: z.record(z.string(), z.unknown()).optional(),
  }),
  virtualAgentOutput: z
    .looseObject({
      triggeredIntent: named.optional(),
      currentPage: z.looseObject({ name: optionalText, flow: optionalText }).optional(),
      currentFlow: named.optional(),
      textResponses: z.array(z.looseObject({ text: z.array(z.string()).optional() })).optional(),
      sessionParameters: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  expectations: z.looseObject({ expectedSessionParameters: keyValues.optional() }).optional(),
});
export type TurnShape = z.output<typeof turn>;

export const testCaseShape = z.looseObject({
  name: optionalText,
  displayName: optionalText,
  tags: z.array(z.string()).optional(),
  notes: optionalText,
  languageCode: optionalText,
  testConfig: z.looseObject({ flow: optionalText, page: optionalText }).optional(),
  testCaseConversationTurns: z.array(turn).optional(),
});
export type TestCaseShape = z.output<typeof testCaseShape>;

export const agentShape = z.looseObject({
  displayName: optionalText,
  defaultLanguageCode: text,
  supportedLanguageCodes: z.array(z.string()).optional(),
  timeZone: optionalText,
  startFlow: optionalText,
  startPlaybook: optionalText,
});
export type AgentShape = z.output<typeof agentShape>;

/** Generators and playbooks: only their id and display name are read. */
export const namedResourceShape = z.looseObject({ name: optionalText, displayName: optionalText });

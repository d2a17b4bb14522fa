// The typed, indexed model of a Dialogflow CX agent export (JSON package). The loader builds it;
// check, gen, the simulator and the test runner read it. References stay display names, as in
// the export; `target` is the resolved form of a route's or handler's `targetPage`/`targetFlow`.
import { SYMBOLIC_PAGES, type SymbolicPage } from '../protocol/resource-names.ts';

/** Where something came from: the file inside the export and the JSON path inside that file. */
export interface SourceRef {
  /** Path relative to the agent root, with `/` separators, as it appears in the export (still percent-encoded). */
  file: string;
  /** JSON path inside the file, e.g. `$.transitionRoutes[2].triggerFulfillment`. */
  path: string;
}

/** A ResponseMessage as exported: the v3 wire JSON plus the export-only `languageCode`. */
export type ExportMessage = Record<string, unknown> & {
  languageCode?: string;
  text?: { text?: string[]; allowPlaybackInterruption?: boolean };
};

export interface ParameterAction {
  /** A session parameter name, or a scoped one such as `$flow.x` / `$page.params.x`. */
  parameter: string;
  /** Any JSON; strings may hold references and `$sys.func` calls; `null` clears the parameter. */
  value: unknown;
}

export type CaseContent = { message: ExportMessage } | { additionalCases: ConditionalCases };

export interface Case {
  /** Absent or empty means true. */
  condition?: string;
  caseContent: CaseContent[];
}

export interface ConditionalCases {
  cases: Case[];
}

export interface Fulfillment {
  messages: ExportMessage[];
  setParameterActions: ParameterAction[];
  conditionalCases: ConditionalCases[];
  /** Webhook display name. */
  webhook?: string;
  /** Sent as `fulfillmentInfo.tag`; CX requires it whenever `webhook` is set. */
  tag?: string;
  returnPartialResponses: boolean;
  /** Generators the fulfillment runs (not simulated); kept for what their inputs reference. */
  generators?: FulfillmentGenerator[];
  source: SourceRef;
}

export interface FulfillmentGenerator {
  /** The generator's bare id, a key of `Agent.generators`. */
  generator: string;
  /** Prompt placeholder → value, often a reference such as `$session.params.age`. */
  inputParameters: Record<string, unknown>;
  /** Where the answer goes, e.g. `$request.generative.summary`. */
  outputParameter?: string;
}

/** The symbolic pages a route can target (`End Session` in an export is `END_SESSION`). */
export const SPECIAL_TARGETS = SYMBOLIC_PAGES;
export type SpecialTarget = SymbolicPage;

/**
 * Where a route or handler goes. Page targets are resolved within the flow that owns the route; in an
 * agent-level route group, which no flow owns, `flow` is `''`: the page is the one of the flow using the group.
 */
export type Target =
  | { kind: 'page'; flow: string; page: string }
  | { kind: 'flow'; flow: string }
  | { kind: 'special'; special: SpecialTarget }
  | { kind: 'playbook'; playbook: string };

export interface TransitionRoute {
  id?: string;
  /** Intent display name. */
  intent?: string;
  condition?: string;
  triggerFulfillment?: Fulfillment;
  target?: Target;
  description?: string;
  source: SourceRef;
}

export interface EventHandler {
  id?: string;
  /** `sys.no-match-default`, `webhook.error`, `flow.failed`, a custom event, … */
  event: string;
  triggerFulfillment?: Fulfillment;
  target?: Target;
  source: SourceRef;
}

export interface FormParameter {
  displayName: string;
  required: boolean;
  /** `@sys.date`, `@my-entity`, … as exported. */
  entityType: string;
  isList: boolean;
  redact: boolean;
  /** Applies to optional parameters only. */
  defaultValue?: unknown;
  initialPrompt?: Fulfillment;
  repromptEventHandlers: EventHandler[];
  source: SourceRef;
}

export interface Page {
  /** Bare id (UUID); `START_PAGE` for a flow's synthetic start page. */
  id: string;
  displayName: string;
  /** Display name of the owning flow. */
  flow: string;
  entryFulfillment?: Fulfillment;
  form: FormParameter[];
  transitionRoutes: TransitionRoute[];
  eventHandlers: EventHandler[];
  /** Route group display names, in order. */
  transitionRouteGroups: string[];
  source: SourceRef;
}

export interface RouteGroup {
  id: string;
  displayName: string;
  scope: 'flow' | 'agent';
  transitionRoutes: TransitionRoute[];
  source: SourceRef;
}

export interface Flow {
  id: string;
  displayName: string;
  /** Flow-wide routes; their intent routes apply on every page, condition routes only on the start page. */
  transitionRoutes: TransitionRoute[];
  eventHandlers: EventHandler[];
  transitionRouteGroups: string[];
  /** The flow's start page (display name `Start Page`, id `START_PAGE`), built from the flow's own routes and handlers. */
  startPage: Page;
  /** Pages by display name (the start page is not in here). */
  pages: Map<string, Page>;
  /** Flow-level route groups by display name. */
  routeGroups: Map<string, RouteGroup>;
  /** NLU classification threshold; 0 or unset in the export means the CX default 0.3. */
  classificationThreshold: number;
  source: SourceRef;
}

export interface TrainingPhrasePart {
  text: string;
  /** The intent parameter this part annotates. */
  parameterId?: string;
}

export interface TrainingPhrase {
  id?: string;
  parts: TrainingPhrasePart[];
  repeatCount: number;
  languageCode?: string;
}

export interface IntentParameter {
  id: string;
  entityType: string;
  isList: boolean;
  redact: boolean;
}

export interface Intent {
  id: string;
  displayName: string;
  /** Higher wins; unset/0 is stored as 500000; negative means the intent is ignored at runtime. */
  priority: number;
  /** The Default Negative Intent: its phrases are negative examples that mean no-match. */
  isFallback: boolean;
  labels: Record<string, string>;
  parameters: IntentParameter[];
  /** Every language's phrases, each with its languageCode. */
  trainingPhrases: TrainingPhrase[];
  description?: string;
  source: SourceRef;
}

export interface Entity {
  value: string;
  synonyms: string[];
  languageCode?: string;
}

export interface EntityType {
  id: string;
  displayName: string;
  kind: 'KIND_MAP' | 'KIND_LIST' | 'KIND_REGEXP';
  autoExpansion: boolean;
  fuzzyExtraction: boolean;
  redact: boolean;
  entities: Entity[];
  excludedPhrases: { value: string; languageCode?: string }[];
  source: SourceRef;
}

export interface Webhook {
  id: string;
  displayName: string;
  kind: 'STANDARD' | 'FLEXIBLE';
  uri?: string;
  /** From `timeout.seconds` (+ nanos); CX's default is 5 s. */
  timeoutMs: number;
  disabled: boolean;
  /** Flexible webhooks only. */
  httpMethod?: string;
  requestBody?: string;
  /** Flexible webhooks: session parameter → JSONPath into the response. */
  parameterMapping: Record<string, string>;
  /** Service Directory service name, when the webhook goes through one. */
  serviceDirectory?: string;
  /** True when the export holds a username/password or headers; the values themselves are never kept. */
  hasCredentials: boolean;
  source: SourceRef;
}

export type TestUserInput =
  | { kind: 'text'; text: string }
  | { kind: 'event'; event: string }
  | { kind: 'dtmf'; digits: string }
  | { kind: 'intent'; intent: string; parameters?: Record<string, unknown> };

export interface TestTurn {
  input: TestUserInput;
  languageCode?: string;
  injectedParameters?: Record<string, unknown>;
  isWebhookEnabled: boolean;
  expected: {
    /** Intent display name. */
    intent?: string;
    page?: string;
    flow?: string;
    /** One entry per text message, each the message's `text` list. */
    textResponses?: string[][];
    sessionParameters?: Record<string, unknown>;
  };
}

export interface TestCase {
  id: string;
  displayName: string;
  tags: string[];
  notes?: string;
  /** Start flow and page (display names); unset means the agent's start flow and its start page. */
  flow?: string;
  page?: string;
  languageCode?: string;
  turns: TestTurn[];
  source: SourceRef;
}

export interface AgentProblem {
  severity: 'error' | 'warning';
  /** Stable kebab-case id, e.g. `unresolved-page`, `webhook-without-tag`. */
  code: string;
  message: string;
  source: SourceRef;
}

export interface Agent {
  /** Often absent from older exports. */
  displayName?: string;
  defaultLanguageCode: string;
  /** Every language, the default first (agent.json lists only the others). */
  supportedLanguageCodes: string[];
  timeZone?: string;
  /** Start flow display name (default `Default Start Flow`); absent for playbook-first agents. */
  startFlow?: string;
  startPlaybook?: string;
  flows: Map<string, Flow>;
  intents: Map<string, Intent>;
  entityTypes: Map<string, EntityType>;
  webhooks: Map<string, Webhook>;
  /** Agent-level route groups by display name. */
  routeGroups: Map<string, RouteGroup>;
  testCases: TestCase[];
  /** Generator display names by bare id; generators are not simulated. */
  generators: Map<string, string>;
  playbooks: string[];
  /** Top-level folders present but not simulated (playbooks, tools, generativeSettings, …). */
  unsimulated: string[];
  /** Reference and consistency problems found while loading (the load itself succeeded). */
  problems: AgentProblem[];
  /** What was loaded: the folder or zip path as given. */
  origin: string;
}

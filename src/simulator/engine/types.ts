// The simulator's public shapes: what a conversation turn takes and what it reports. The engine
// runs an Agent (src/agent/model.ts) the way CX does and calls the webhook app for real.
import type { Agent } from '../../agent/model.ts';
import type { WebhookApp } from '../../app/index.ts';

/** One user turn: text (classified), an intent given directly, an event, or DTMF digits. */
export type UserTurn =
  | { text: string }
  | { intent: string; parameters?: Record<string, unknown> }
  | { event: string }
  | { dtmf: string };

/** Where webhook calls go: the app in-process through its core function, or a URL over HTTP. */
export type WebhookTarget = { app: WebhookApp } | { url: string; headers?: Record<string, string> };

/** A canned WebhookResponse, or a function of the WebhookRequest that returns one. */
export type WebhookStub = Record<string, unknown> | ((request: Record<string, unknown>) => unknown);

export interface SimulatorOptions {
  agent: Agent;
  /** Without a target, only stubbed webhooks answer; any other call fails like an unreachable webhook. */
  webhook?: WebhookTarget;
  /** Keyed by tag or by webhook display name (tag wins); used before the target. */
  stubs?: Record<string, WebhookStub>;
  /**
   * Answers for generators (LLM prompts), by generator display name: the text, or a function of the
   * generator's evaluated input parameters. Without one, the output parameter stays unset.
   */
  generators?: Record<string, string | ((inputs: Record<string, unknown>) => string | Promise<string>)>;
  /** Default: the agent's default language. */
  languageCode?: string;
  /** Clock for `$sys.func.NOW()` and date entities (default: the real clock). */
  now?: () => Date;
  /** Picks text variants and `RAND()` (default: a seeded generator, so runs repeat). */
  random?: () => number;
  /** Guard against route loops inside one turn (default 100 page transitions). */
  maxTransitionsPerTurn?: number;
  /** Prefix of synthesized resource names (default `projects/cxhook-sim/locations/global/agents/<agent>`). */
  agentName?: string;
}

export interface SessionStart {
  /** Start flow display name (default: the agent's start flow). */
  flow?: string;
  /** Start page display name in that flow (default: its start page). */
  page?: string;
  parameters?: Record<string, unknown>;
  /** Session id (default: generated). */
  id?: string;
}

export interface TurnOptions {
  /** Session parameters set before the turn (test cases' `injectedParameters`). */
  parameters?: Record<string, unknown>;
  /** False skips webhook calls, as CX does for test cases with `isWebhookEnabled: false`. */
  webhooks?: boolean;
}

/** One text message of the turn: the variant the agent said and all the variants it could have. */
export interface TextResponse {
  text: string;
  variants: string[];
}

/** How a webhook call ended. */
export const WEBHOOK_OUTCOMES = ['ok', 'stubbed', 'timeout', 'http-error', 'invalid-response', 'unreachable', 'not-implemented'] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

export interface WebhookCall {
  webhook: string;
  tag: string;
  /** `ok`, or why the call failed (the matching `webhook.error*` event was raised). */
  outcome: WebhookOutcome;
  httpStatus?: number;
  durationMs: number;
  request: Record<string, unknown>;
  response?: Record<string, unknown>;
  /** The event raised for a failed call. */
  event?: string;
  /** Why a call failed, for people (e.g. the contract issues of an invalid response). */
  detail?: string;
}

export type TurnMatch =
  | { kind: 'intent'; intent: string; confidence: number }
  | { kind: 'parameter-filling'; parameters: string[] }
  | { kind: 'no-match' }
  | { kind: 'no-input' }
  | { kind: 'event'; event: string };

export interface TurnResult {
  match: TurnMatch;
  /** Text messages in the order the agent would say them. */
  texts: TextResponse[];
  /** Every message as it would reach the client (wire JSON, variants resolved). */
  messages: Record<string, unknown>[];
  /** Current flow and page display names after the turn (page `Start Page` for a flow's start page). */
  flow: string;
  page: string;
  sessionParameters: Record<string, unknown>;
  webhookCalls: WebhookCall[];
  /** Events raised during the turn, in order (`sys.no-match-1`, `webhook.error`, …). */
  events: string[];
  /** The conversation ended (END_SESSION, or the start flow ended). */
  ended: boolean;
}

export interface SimSession {
  readonly id: string;
  send(turn: UserTurn, options?: TurnOptions): Promise<TurnResult>;
  readonly state: { flow: string; page: string; parameters: Record<string, unknown>; ended: boolean };
}

export interface Simulator {
  readonly agent: Agent;
  session(start?: SessionStart): SimSession;
}

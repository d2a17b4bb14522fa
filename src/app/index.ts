export { compose, type Middleware, type Next } from './compose.ts';
export { WebhookContext, type FormParamView, type IntentView, type PageView, type Query, type SessionView } from './context.ts';
export { createWebhook, type DegradedCheck, type InjectResult, type Readiness, type WebhookApp } from './create-webhook.ts';
export type { MaybePromise, RawRequest, RawResponse } from './handle.ts';
export { DEFAULT_DEADLINE_MS, DEFAULT_FALLBACK_TEXT, MAX_DEADLINE_MS, type FallbackOptions, type WebhookOptions } from './options.ts';
export { ReplyBuilder, type MessageOptions } from './reply.ts';
export { rich } from './rich.ts';
export type { DeclaredParams, Handler, ParamDeclaration, RouteTable } from './router.ts';

// The session parameter names an agent uses: the ones it fills (form parameters, intent parameters,
// parameter presets, flexible-webhook mappings) and the ones it reads (`$session.params.<name>`).
import type { Agent } from '../model.ts';
import { placedFulfillments } from './fulfillments.ts';

// A reference's name ends at the first character CX does not allow in a parameter id (`.field`, `[0]`, a space…).
const SESSION_REFERENCE = /\$session\.params\.([A-Za-z0-9_-]+)/g;
const SESSION_TARGET = /^\$session\.params\.([A-Za-z0-9_-]+)$/;

/** Calls `visit` on every string inside `value` (objects, arrays and Maps, keys included), once per object. */
function eachString(value: unknown, visit: (text: string) => void, seen = new WeakSet<object>()): void {
  if (typeof value === 'string') return visit(value);
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  const entries = value instanceof Map ? [...value.entries()].flat() : Array.isArray(value) ? value : Object.entries(value).flat();
  for (const entry of entries) eachString(entry, visit, seen);
}

/**
 * The session parameter a parameter preset, a form parameter or a flexible webhook's mapping writes:
 * a plain name, or `$session.params.x`; scoped names (`$flow.x`, `$page.params.x`) are not session
 * parameters.
 * @example presetTarget('$flow.retries') // undefined
 */
export function presetTarget(parameter: string): string | undefined {
  if (!parameter.startsWith('$')) return parameter || undefined;
  return SESSION_TARGET.exec(parameter)?.[1];
}

/**
 * Every session parameter name the agent fills or reads, in no particular order, each once.
 * @example sessionParams(agent) // Set { 'location', 'formatted_address', … }
 */
export function sessionParams(agent: Agent): Set<string> {
  const names = new Set<string>();
  for (const flow of agent.flows.values()) {
    for (const page of [flow.startPage, ...flow.pages.values()]) {
      // A form parameter named `$flow.x` fills a flow parameter, not a session one.
      for (const parameter of page.form) {
        const name = presetTarget(parameter.displayName);
        if (name) names.add(name);
      }
    }
  }
  for (const intent of agent.intents.values()) for (const parameter of intent.parameters) names.add(parameter.id);
  for (const webhook of agent.webhooks.values()) {
    // A flexible webhook's mapping writes parameters the same way presets do, `$flow.x` included.
    for (const target of Object.keys(webhook.parameterMapping)) {
      const name = presetTarget(target);
      if (name) names.add(name);
    }
  }
  for (const { fulfillment } of placedFulfillments(agent)) {
    for (const action of fulfillment.setParameterActions) {
      const name = presetTarget(action.parameter);
      if (name) names.add(name);
    }
  }
  // References sit in conditions, texts, preset values, payloads and flexible-webhook bodies: read every string.
  eachString([agent.flows, agent.routeGroups, agent.webhooks], (text) => {
    for (const match of text.matchAll(SESSION_REFERENCE)) names.add(match[1]!);
  });
  return names;
}

// Which session parameters the agent reads and writes, and where. Reads are `$session.params.<name>`
// references in conditions, messages, parameter values, form defaults and flexible webhook bodies;
// writes are form parameters, the parameters of intents that routes match, parameter presets and
// flexible webhooks' parameter mappings. Both are read with the simulator's expression reader, so
// check, gen and the simulator agree on what a reference or a preset target is.
import { ExpressionError, parameterTarget, referencesIn } from '../../simulator/expression/index.ts';
import type { Agent, Fulfillment, SourceRef } from '../model.ts';
import { siteLocation, type Site } from './sites.ts';

export interface ParameterUse {
  file: string;
  jsonPath: string;
  flow?: string;
  page?: string;
}

export interface ParameterUsage {
  /** Parameter name → every place that reads it, in walk order. */
  reads: Map<string, ParameterUse[]>;
  writes: Map<string, ParameterUse[]>;
}

/**
 * The session parameters `text` references, each once, without their fields or indexes.
 * @example sessionReferences('$session.params.a.b = 1 AND $flow.c = 2') // ['a']
 */
export function sessionReferences(text: string): string[] {
  return referencesIn(text).flatMap((use) => (use.scope === 'session' ? [use.name] : []));
}

/**
 * The session parameters referenced anywhere in a JSON value. Its JSON text is read whole (keys
 * included): escaping never lengthens a name, as `"` and `\` end one.
 * @example valueReferences({ text: ['Hi $session.params.name'] }) // ['name']
 */
export function valueReferences(value: unknown): string[] {
  return sessionReferences(JSON.stringify(value) ?? '');
}

/**
 * The session parameters a parameter preset, mapping or form parameter sets: `x` and
 * `$session.params.x` set `x`; `$sys.func.NESTED_FIELD("$session.params.x", "f")` sets a field of
 * `x`; `$flow.x`, `$page.params.x`, other scopes and anything that is not a target set none.
 * @example sessionTargets('$flow.retries') // []
 */
export function sessionTargets(parameter: string): string[] {
  try {
    const { scope, path } = parameterTarget(parameter);
    return scope === 'session' ? [String(path[0])] : [];
  } catch (error) {
    // Not a parameter CX can set (e.g. `$flow.a_$session.params.b`): it writes no session parameter.
    if (error instanceof ExpressionError) return [];
    throw error;
  }
}

/** The parts of a fulfillment that may hold references: everything but its webhook, tag, source and preset names. */
function readableParts(fulfillment: Fulfillment): unknown[] {
  const { source: _source, webhook: _webhook, tag: _tag, setParameterActions, ...rest } = fulfillment;
  return [rest, setParameterActions.map((action) => action.value)];
}

/**
 * Where the agent reads and writes each session parameter.
 * @example agentParameterUsage(agent, agentSites(agent)).reads.get('location')?.[0]?.file
 */
export function agentParameterUsage(agent: Agent, sites: readonly Site[]): ParameterUsage {
  const usage: ParameterUsage = { reads: new Map(), writes: new Map() };
  const add = (map: Map<string, ParameterUse[]>, names: readonly string[], use: ParameterUse) => {
    for (const name of names) {
      const uses = map.get(name);
      if (uses) uses.push(use);
      else map.set(name, [use]);
    }
  };
  const at = (site: Site, source: SourceRef, suffix = ''): ParameterUse => {
    const location = siteLocation(site, source);
    return { ...location, jsonPath: `${location.jsonPath}${suffix}` };
  };

  for (const site of sites) {
    if (site.route?.condition) add(usage.reads, sessionReferences(site.route.condition), at(site, site.route.source, '.condition'));
    if (site.route?.intent) {
      const parameters = agent.intents.get(site.route.intent)?.parameters ?? [];
      add(usage.writes, parameters.map((parameter) => parameter.id), at(site, site.route.source, '.intent'));
    }
    const fulfillment = site.fulfillment;
    if (!fulfillment) continue;
    add(usage.reads, valueReferences(readableParts(fulfillment)), at(site, fulfillment.source));
    for (const action of fulfillment.setParameterActions) add(usage.writes, sessionTargets(action.parameter), at(site, fulfillment.source, '.setParameterActions'));
  }
  for (const flow of agent.flows.values()) {
    for (const page of [flow.startPage, ...flow.pages.values()]) {
      for (const parameter of page.form) {
        const site = { flow, page, source: parameter.source };
        // A form parameter is a session parameter of the same name once filled (unless scoped, e.g. `$flow.x`).
        add(usage.writes, sessionTargets(parameter.displayName), at(site, parameter.source));
        if (parameter.defaultValue !== undefined) add(usage.reads, valueReferences(parameter.defaultValue), at(site, parameter.source, '.defaultValue'));
      }
    }
  }
  for (const webhook of agent.webhooks.values()) {
    if (webhook.kind !== 'FLEXIBLE' || webhook.disabled) continue;
    const site = { source: webhook.source };
    if (webhook.requestBody) add(usage.reads, sessionReferences(webhook.requestBody), at(site, webhook.source));
    add(usage.writes, Object.keys(webhook.parameterMapping).flatMap(sessionTargets), at(site, webhook.source));
  }
  return usage;
}

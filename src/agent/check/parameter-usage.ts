// Which session parameters the agent reads and writes, and where. Reads are `$session.params.<name>`
// references in conditions, messages, parameter values, form defaults and flexible webhook bodies;
// writes are form parameters, the parameters of intents that routes match, parameter presets and
// flexible webhooks' parameter mappings.
import type { Agent, Fulfillment, SourceRef } from '../model.ts';
import type { Site } from './sites.ts';

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

// A name runs to the first character CX does not allow in one: `.field` and `[0]` are inside its value.
const SESSION_REFERENCE = /\$session\.params\.([\p{L}\p{N}_-]+)/gu;

/** The session parameters `text` references. */
export function sessionReferences(text: string): string[] {
  return [...text.matchAll(SESSION_REFERENCE)].map((match) => match[1] as string);
}

/** Every string inside a JSON value, keys excluded. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) strings(item, out);
  return out;
}

/**
 * The session parameters a parameter preset, mapping or form parameter sets: `x` and
 * `$session.params.x` set `x`; `$sys.func.NESTED_FIELD("$session.params.x", "f")` sets a field of
 * `x`; `$flow.x`, `$page.params.x` and other scopes set none.
 */
export function sessionTargets(parameter: string): string[] {
  const name = parameter.trim();
  if (!name.startsWith('$')) {
    const bare = name.split(/[.[]/)[0]?.trim();
    return bare ? [bare] : [];
  }
  return sessionReferences(name.startsWith('$sys.func.') || name.startsWith('$session.params.') ? name : '');
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
  const add = (map: Map<string, ParameterUse[]>, name: string, use: ParameterUse) => {
    const uses = map.get(name);
    if (uses) uses.push(use);
    else map.set(name, [use]);
  };
  const at = (source: SourceRef, site: Pick<Site, 'flow' | 'page'> = {}, suffix = ''): ParameterUse => ({
    file: source.file,
    jsonPath: `${source.path}${suffix}`,
    ...(site.flow ? { flow: site.flow.displayName } : {}),
    ...(site.page ? { page: site.page.displayName } : {}),
  });
  const readIn = (values: unknown[], use: ParameterUse) => {
    for (const text of strings(values)) for (const name of sessionReferences(text)) add(usage.reads, name, use);
  };

  for (const site of sites) {
    if (site.route?.condition) readIn([site.route.condition], at(site.route.source, site, '.condition'));
    if (site.route?.intent) {
      for (const parameter of agent.intents.get(site.route.intent)?.parameters ?? []) add(usage.writes, parameter.id, at(site.route.source, site, '.intent'));
    }
    const fulfillment = site.fulfillment;
    if (!fulfillment) continue;
    readIn(readableParts(fulfillment), at(fulfillment.source, site));
    for (const action of fulfillment.setParameterActions) {
      for (const name of sessionTargets(action.parameter)) add(usage.writes, name, at(fulfillment.source, site, '.setParameterActions'));
    }
  }
  for (const flow of agent.flows.values()) {
    for (const page of flow.pages.values()) {
      for (const parameter of page.form) {
        // A form parameter is a session parameter of the same name once filled (unless scoped, e.g. `$flow.x`).
        for (const name of sessionTargets(parameter.displayName)) add(usage.writes, name, at(parameter.source, { flow, page }));
        if (parameter.defaultValue !== undefined) readIn([parameter.defaultValue], at(parameter.source, { flow, page }, '.defaultValue'));
      }
    }
  }
  for (const webhook of agent.webhooks.values()) {
    if (webhook.kind !== 'FLEXIBLE' || webhook.disabled) continue;
    if (webhook.requestBody) readIn([webhook.requestBody], at(webhook.source));
    for (const parameter of Object.keys(webhook.parameterMapping)) {
      for (const name of sessionTargets(parameter)) add(usage.writes, name, at(webhook.source));
    }
  }
  return usage;
}

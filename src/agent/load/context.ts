// What every builder shares while an export is loaded: the bare-id indexes that turn resource-name
// references into display names, and the list problems are reported to.
import type { AgentProblem, SourceRef } from '../model.ts';
import { idOf, isResourceName } from './names.ts';

/** Display names by bare id, for references written as full resource names (`projects/…/<id>`). */
export interface IdIndex {
  flows: Map<string, string>;
  pages: Map<string, { flow: string; page: string }>;
  intents: Map<string, string>;
  webhooks: Map<string, string>;
  entityTypes: Map<string, string>;
  /** Flow-level and agent-level groups alike (ids are unique across both). */
  routeGroups: Map<string, string>;
  playbooks: Map<string, string>;
}

export interface LoadContext {
  ids: IdIndex;
  problems: AgentProblem[];
}

/** @example const ids = emptyIdIndex(); ids.flows.set('00000000-0000-0000-0000-000000000000', 'Default Start Flow') */
export function emptyIdIndex(): IdIndex {
  return { flows: new Map(), pages: new Map(), intents: new Map(), webhooks: new Map(), entityTypes: new Map(), routeGroups: new Map(), playbooks: new Map() };
}

/**
 * The display name `reference` stands for: itself, or for a resource name, the display name of the
 * resource with its last segment as id (kept as it is when no such resource exists).
 * @example resolveName('projects/p/locations/l/agents/a/webhooks/42', ids.webhooks) // 'lookup_place'
 */
export function resolveName(reference: string, byId: ReadonlyMap<string, string>): string {
  return isResourceName(reference) ? (byId.get(idOf(reference)) ?? reference) : reference;
}

/**
 * Records a consistency problem; loading goes on.
 * @example report(context, 'error', 'unresolved-page', 'goes to page "X"', { file, path: '$.transitionRoutes[0].targetPage' })
 */
export function report(context: LoadContext, severity: AgentProblem['severity'], code: string, message: string, source: SourceRef): void {
  context.problems.push({ severity, code, message, source });
}

/**
 * Adds `value` under `name` unless the name is taken; a second resource with the same display name
 * is reported (`duplicate-display-name`) and left out, so the first one in path order wins.
 * @example addUnique(context, flows, 'Default Start Flow', flow, 'Flow')
 */
export function addUnique<T extends { source: SourceRef }>(context: LoadContext, map: Map<string, T>, name: string, value: T, what: string): void {
  const existing = map.get(name);
  if (existing) {
    report(context, 'error', 'duplicate-display-name', `${what} "${name}" is defined twice (also in ${existing.source.file}); the second one is ignored`, value.source);
    return;
  }
  map.set(name, value);
}

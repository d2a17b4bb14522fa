// Turns a route's or handler's `targetPage` / `targetFlow` / `targetPlaybook` into a Target (spec
// cx-agent-export §4.1): symbolic pages become special targets, page names resolve in the owning flow.
import { SPECIAL_TARGETS, type SourceRef, type SpecialTarget, type Target } from '../model.ts';
import { type LoadContext, report, resolveName } from './context.ts';
import { jsonPath } from './json-path.ts';
import { idOf, isResourceName } from './names.ts';

/** The export's page tokens and the API's page ids, both accepted (whole-string match only). */
const SPECIAL_BY_NAME = new Map<string, SpecialTarget>([
  ['Start Page', 'START_PAGE'],
  ['End Flow', 'END_FLOW'],
  ['End Session', 'END_SESSION'],
  ['Current Page', 'CURRENT_PAGE'],
  ['Previous Page', 'PREVIOUS_PAGE'],
  ...SPECIAL_TARGETS.map((id) => [id, id] as const),
]);

/**
 * The special target a page reference stands for, if it is one.
 * @example specialTargetOf('End Session') // 'END_SESSION'
 */
export function specialTargetOf(page: string): SpecialTarget | undefined {
  return SPECIAL_BY_NAME.get(isResourceName(page) ? idOf(page) : page);
}

export interface TargetFields {
  targetPage?: string;
  targetFlow?: string;
  targetPlaybook?: string;
}

/**
 * The target of `raw`, page names resolved within `flow` (the display name of the flow that owns
 * the route; empty for agent-level route groups, whose page targets mean the flow they are used in).
 * Both a page and a flow target is reported (`conflicting-targets`); the page wins.
 * @example targetOf({ targetPage: 'End Flow' }, 'Default Start Flow', context, source) // { kind: 'special', special: 'END_FLOW' }
 */
export function targetOf(raw: TargetFields, flow: string, context: LoadContext, source: SourceRef): Target | undefined {
  const given = (['targetPage', 'targetFlow', 'targetPlaybook'] as const).filter((key) => raw[key] !== undefined && raw[key] !== '');
  if (given.length > 1) {
    report(context, 'error', 'conflicting-targets', `sets ${given.join(' and ')}; a route or handler has one target`, source);
  }
  if (raw.targetPage) {
    const special = specialTargetOf(raw.targetPage);
    if (special) return { kind: 'special', special };
    if (isResourceName(raw.targetPage)) {
      const page = context.ids.pages.get(idOf(raw.targetPage));
      if (page) return { kind: 'page', ...page };
    }
    return { kind: 'page', flow, page: raw.targetPage };
  }
  if (raw.targetFlow) return { kind: 'flow', flow: resolveName(raw.targetFlow, context.ids.flows) };
  if (raw.targetPlaybook) return { kind: 'playbook', playbook: resolveName(raw.targetPlaybook, context.ids.playbooks) };
  return undefined;
}

/**
 * The JSON path of the field a target came from, for problems about it.
 * @example targetPath({ kind: 'flow', flow: 'Billing' }, '$.transitionRoutes[0]') // '$.transitionRoutes[0].targetFlow'
 */
export function targetPath(target: Target, base: string): string {
  return jsonPath(base, target.kind === 'flow' ? 'targetFlow' : target.kind === 'playbook' ? 'targetPlaybook' : 'targetPage');
}

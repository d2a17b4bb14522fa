// CX resource names (spec section 4): parse the session path, build page and flow names.

export interface SessionPath {
  project: string;
  location: string;
  agent: string;
  /** Environment id, when the session runs in an environment (`-` means the draft). */
  environment?: string;
  session: string;
  /** `projects/<P>/locations/<L>/agents/<A>`: the prefix of every other resource name. */
  agentName: string;
}

const SESSION_PATH =
  /^projects\/([^/]+)\/locations\/([^/]+)\/agents\/([^/]+)\/(?:environments\/([^/]+)\/)?sessions\/([^/]+)$/;

/** Splits `projects/P/locations/L/agents/A[/environments/E]/sessions/S`; undefined when it is not one. */
export function parseSessionPath(path: string | undefined): SessionPath | undefined {
  const match = path ? SESSION_PATH.exec(path) : null;
  if (!match) return undefined;
  const [, project = '', location = '', agent = '', environment, session = ''] = match;
  return {
    project,
    location,
    agent,
    session,
    agentName: `projects/${project}/locations/${location}/agents/${agent}`,
    ...(environment === undefined ? {} : { environment }),
  };
}

/** The id of every agent's Default Start Flow (and Default Welcome Intent). */
export const DEFAULT_START_FLOW_ID = '00000000-0000-0000-0000-000000000000';

/** Page ids CX understands without a page of that id existing. */
export const SYMBOLIC_PAGES = [
  'START_PAGE',
  'END_SESSION',
  'END_FLOW',
  'CURRENT_PAGE',
  'PREVIOUS_PAGE',
  'END_FLOW_WITH_FAILURE',
  'END_FLOW_WITH_HUMAN_ESCALATION',
  'END_FLOW_WITH_CANCELLATION',
] as const;
export type SymbolicPage = (typeof SYMBOLIC_PAGES)[number];

const FLOW_NAME = /^(projects\/[^/]+\/locations\/[^/]+\/agents\/[^/]+)\/flows\/([^/]+)$/;
const PAGE_NAME = /^projects\/[^/]+\/locations\/[^/]+\/agents\/[^/]+\/flows\/[^/]+\/pages\/[^/]+$/;
const BARE_ID = /^[^/]+$/;

export function isFlowName(name: string): boolean {
  return FLOW_NAME.test(name);
}
export function isPageName(name: string): boolean {
  return PAGE_NAME.test(name);
}

/** The flow a page belongs to: `…/flows/F/pages/X` → `…/flows/F`. */
export function flowOfPage(pageName: string | undefined): string | undefined {
  if (!pageName || !isPageName(pageName)) return undefined;
  return pageName.slice(0, pageName.lastIndexOf('/pages/'));
}

export interface NameContext {
  /** From the session path of the request. */
  agentName?: string;
  /** `pageInfo.currentPage` of the request: its flow hosts a bare page id. */
  currentPage?: string;
}

/**
 * A full page resource name from a full name, a bare page id or a symbolic page (`END_SESSION`).
 * Bare ids are pages of the current page's flow (CX only transitions to pages of the host flow).
 * Returns undefined when the request does not say which flow that is.
 */
export function resolvePageName(target: string, context: NameContext): string | undefined {
  if (isPageName(target)) return target;
  if (!BARE_ID.test(target)) return undefined;
  const flow = flowOfPage(context.currentPage);
  return flow ? `${flow}/pages/${target}` : undefined;
}

/** A full flow resource name from a full name or a bare flow id. */
export function resolveFlowName(target: string, context: NameContext): string | undefined {
  if (isFlowName(target)) return target;
  if (!BARE_ID.test(target) || !context.agentName) return undefined;
  return `${context.agentName}/flows/${target}`;
}

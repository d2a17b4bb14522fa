// What `checkAgent` reports and what it is given: findings, their severities, and the webhook app
// described by what it routes, its deadline and the parameters it declares.
import type { RouteTable, WebhookApp } from '../../app/index.ts';

export type Severity = 'error' | 'warning' | 'note';

/** A rule's configured level: a severity, or `off` to drop its findings. */
export type RuleLevel = Severity | 'off';

export interface Finding {
  /** The rule's stable id, e.g. `unhandled-tag` (see RULES). */
  rule: string;
  severity: Severity;
  message: string;
  /**
   * Path relative to the agent root, as in the export (still percent-encoded); for a finding about
   * the app, the app's `source` (or `app`).
   */
  file: string;
  /** JSON path inside `file`, e.g. `$.entryFulfillment`; for the app, the route as logged (`tag:weather`). */
  jsonPath: string;
  /** Flow display name, when the finding is inside one. */
  flow?: string;
  /** Page display name, when the finding is inside one. */
  page?: string;
}

/** The webhook app as the check sees it. `describeApp(app)` builds it from a WebhookApp. */
export interface AppDescription {
  /** `app.routes()`: tags, intents, pages, fallback and parameter declarations. */
  routes: RouteTable;
  /** `app.options.deadlineMs`: when the app answers at the latest. */
  deadlineMs: number;
  /** Where the app came from (e.g. its module path), named as the `file` of findings about it. */
  source?: string;
}

export interface CheckOptions {
  /** Level per rule id, overriding the rule's default (`off` drops the rule). Unknown ids are refused. */
  rules?: Record<string, RuleLevel>;
  /**
   * Display names of the agent's webhooks that the app serves. Default: every enabled STANDARD
   * webhook. Tags, timeouts and parameters are compared for these only.
   */
  webhooks?: string[];
}

/** The name used as `file` for findings about an app given without a `source`. */
export const APP_FILE = 'app';

/**
 * The AppDescription of a webhook app.
 * @example const findings = checkAgent(agent, describeApp(app, 'src/app.ts'));
 */
export function describeApp(app: WebhookApp, source?: string): AppDescription {
  return { routes: app.routes(), deadlineMs: app.options.deadlineMs, ...(source === undefined ? {} : { source }) };
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** Findings in a stable order: by file, then JSON path, then severity and rule. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.jsonPath.localeCompare(b.jsonPath, undefined, { numeric: true }) || ORDER[a.severity] - ORDER[b.severity] || a.rule.localeCompare(b.rule),
  );
}

export interface FindingCounts {
  errors: number;
  warnings: number;
  notes: number;
}

/**
 * How many findings of each severity.
 * @example summarize(findings) // { errors: 1, warnings: 3, notes: 2 }
 */
export function summarize(findings: readonly Finding[]): FindingCounts {
  return {
    errors: findings.filter((finding) => finding.severity === 'error').length,
    warnings: findings.filter((finding) => finding.severity === 'warning').length,
    notes: findings.filter((finding) => finding.severity === 'note').length,
  };
}

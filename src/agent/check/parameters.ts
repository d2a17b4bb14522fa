// Rules `unread-parameter`, `unwritten-parameter` and `parameters-unchecked`: the session
// parameters the app writes should be read by someone, and those read should be written by someone.
// The app's side comes from its declarations (`app.tag(tag, handler, { reads, writes })`).
import type { DeclaredParams } from '../../app/index.ts';
import type { CheckContext } from './context.ts';
import type { Finding } from './finding.ts';
import { agentParameterUsage } from './parameter-usage.ts';

/** Parameter name → the app routes (that the agent can reach) declaring it, for reads or writes. */
function appUsage(declared: readonly DeclaredParams[], field: 'reads' | 'writes'): Map<string, string[]> {
  const usage = new Map<string, string[]>();
  for (const entry of declared) for (const name of entry[field]) usage.set(name, [...(usage.get(name) ?? []), entry.route]);
  return usage;
}

const list = (names: readonly string[]) => names.join(', ');

/**
 * The parameter findings: app-written parameters nobody reads, and parameters read that nobody
 * writes. When the agent calls the app but the app's side is unknown (no app, or nothing it can be
 * reached by declares), one note says so and the two rules are skipped rather than guessed.
 * Parameters the app itself reads count as read: an app may keep its own state between turns.
 * @example parameterFindings(ctx) // [{ rule: 'unread-parameter', jsonPath: 'tag:weather', … }]
 */
export function parameterFindings(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  const callsApp = ctx.appCalls.length > 0;
  if (callsApp && !ctx.app) {
    const webhooks = [...new Set(ctx.appCalls.map((site) => `"${site.fulfillment?.webhook}"`))];
    return [
      {
        rule: 'parameters-unchecked',
        severity: 'note',
        message: `the agent calls webhook${webhooks.length > 1 ? 's' : ''} ${list(webhooks)} and no app was given, so what they write is unknown: unread-parameter and unwritten-parameter were skipped (give the app, with its parameters declared)`,
        file: 'agent.json',
        jsonPath: '$',
      },
    ];
  }
  const live = ctx.app?.routes.declared.filter((entry) => ctx.liveRoutes.has(entry.route)) ?? [];
  const undeclared = [...ctx.liveRoutes].filter((route) => !live.some((entry) => entry.route === route));
  // With no live route, every call gets the default fallback text, which writes nothing.
  if (callsApp && ctx.liveRoutes.size > 0 && live.length === 0) {
    return [
      {
        rule: 'parameters-unchecked',
        severity: 'note',
        message: `the app declares no session parameters on the routes the agent reaches (${list(undeclared)}), so unread-parameter and unwritten-parameter were skipped (declare them: app.tag(tag, handler, { reads, writes }))`,
        file: ctx.appFile,
        jsonPath: '$',
      },
    ];
  }
  if (undeclared.length > 0) {
    findings.push({
      rule: 'parameters-unchecked',
      severity: 'note',
      message: `${list(undeclared)} declare${undeclared.length > 1 ? '' : 's'} no session parameters and ${undeclared.length > 1 ? 'were' : 'was'} taken to use none`,
      file: ctx.appFile,
      jsonPath: undeclared[0] as string,
    });
  }

  const agent = agentParameterUsage(ctx.agent, ctx.sites);
  const appReads = appUsage(live, 'reads');
  const appWrites = appUsage(live, 'writes');
  for (const [name, routes] of appWrites) {
    if (agent.reads.has(name) || appReads.has(name)) continue;
    findings.push({
      rule: 'unread-parameter',
      severity: 'warning',
      message: `the app writes session parameter "${name}" (${list(routes)}), but neither the agent nor the app reads it`,
      file: ctx.appFile,
      jsonPath: routes[0] as string,
    });
  }
  for (const [name, uses] of agent.reads) {
    if (agent.writes.has(name) || appWrites.has(name)) continue;
    const [first] = uses as [(typeof uses)[number]];
    const more = uses.length > 1 ? ` (and ${uses.length - 1} more place${uses.length > 2 ? 's' : ''})` : '';
    const alsoApp = appReads.has(name) ? `, nor does the app, which reads it too (${list(appReads.get(name) ?? [])})` : '';
    findings.push({
      rule: 'unwritten-parameter',
      severity: 'warning',
      message: `the agent reads session parameter "${name}"${more}, but nothing in the agent writes it${ctx.app ? alsoApp || ' and the app does not declare writing it' : ''}`,
      ...first,
    });
  }
  for (const [name, routes] of appReads) {
    if (agent.reads.has(name) || agent.writes.has(name) || appWrites.has(name)) continue;
    findings.push({
      rule: 'unwritten-parameter',
      severity: 'warning',
      message: `the app reads session parameter "${name}" (${list(routes)}), but nothing in the agent writes it and the app does not declare writing it`,
      file: ctx.appFile,
      jsonPath: routes[0] as string,
    });
  }
  return findings;
}

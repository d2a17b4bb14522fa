// Rules `invalid-condition` and `mixed-and-or`: CX evaluates route and conditional-response
// conditions only at run time, so a typo surfaces as a route that never fires. Parsing them here
// (with the simulator's evaluator) reports it before the agent is deployed.
import { ExpressionError, lintCondition } from '../../simulator/expression/index.ts';
import type { Case, ConditionalCases, Fulfillment } from '../model.ts';
import type { CheckContext } from './context.ts';
import type { Finding } from './finding.ts';
import { siteLocation, type Site } from './sites.ts';

interface Located {
  condition: string;
  jsonPath: string;
}

function caseConditions(groups: readonly ConditionalCases[], path: string): Located[] {
  return groups.flatMap((group, g) =>
    group.cases.flatMap((one: Case, c) => {
      const at = `${path}[${g}].cases[${c}]`;
      const own = one.condition ? [{ condition: one.condition, jsonPath: `${at}.condition` }] : [];
      const nested = one.caseContent.flatMap((content, k) =>
        'additionalCases' in content ? caseConditions([content.additionalCases], `${at}.caseContent[${k}].additionalCases`).map(fixNestedPath) : [],
      );
      return [...own, ...nested];
    }),
  );
}

/** `…additionalCases[0].cases[1]` → `…additionalCases.cases[1]`: additionalCases is one object, not a list. */
function fixNestedPath(located: Located): Located {
  return { ...located, jsonPath: located.jsonPath.replace(/additionalCases\[0\]\.cases/, 'additionalCases.cases') };
}

function fulfillmentConditions(fulfillment: Fulfillment | undefined): Located[] {
  return fulfillment ? caseConditions(fulfillment.conditionalCases, `${fulfillment.source.path}.conditionalCases`) : [];
}

function conditionsOf(site: Site): Located[] {
  const route = site.route?.condition ? [{ condition: site.route.condition, jsonPath: `${site.route.source.path}.condition` }] : [];
  return [...route, ...fulfillmentConditions(site.fulfillment)];
}

/**
 * Conditions that do not parse (error, with the column), and ones that mix AND and OR without
 * parentheses (warning: CX does not document which binds tighter).
 * @example conditionFindings(ctx) // [{ rule: 'invalid-condition', message: 'condition "$session.params.x = " does not parse at column 21: …' }]
 */
export function conditionFindings(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const site of ctx.sites) {
    for (const { condition, jsonPath } of conditionsOf(site)) {
      try {
        for (const warning of lintCondition(condition)) {
          findings.push({ rule: 'mixed-and-or', severity: 'warning', message: `condition ${JSON.stringify(condition)}: ${warning.message} (column ${warning.column})`, ...siteLocation(site), jsonPath });
        }
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        findings.push({ rule: 'invalid-condition', severity: 'error', message: `condition ${JSON.stringify(condition)} does not parse at column ${error.column}: ${error.problem}`, ...siteLocation(site), jsonPath });
      }
    }
  }
  return findings;
}

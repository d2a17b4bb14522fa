// JUnit XML for CI: one <testsuite> per golden file or agent, one <testcase> per conversation, and
// a <failure> holding the same diff the terminal shows. A small writer: the format is a handful of
// elements, and escaping is the only part that needs care.
import type { CaseOutcome } from './run.ts';
import { formatCaseDiff } from './report.ts';

// XML 1.0 allows only these characters; anything else (e.g. a stray \u0007 in an agent text) would
// make the whole report unreadable to the CI server.
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text made safe for XML content and attribute values.
 * @example escapeXml('<a & "b">') // '&lt;a &amp; &quot;b&quot;&gt;'
 */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join('');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * The JUnit XML report of a run.
 * @example await writeFile('junit.xml', toJUnitXml(outcomes));
 */
export function toJUnitXml(outcomes: readonly CaseOutcome[], name = 'cxhook test'): string {
  const suites = new Map<string, CaseOutcome[]>();
  for (const outcome of outcomes) {
    const suite = suites.get(outcome.case.suite) ?? [];
    suite.push(outcome);
    suites.set(outcome.case.suite, suite);
  }
  const failures = outcomes.filter((outcome) => !outcome.passed).length;
  const total = outcomes.reduce((sum, outcome) => sum + outcome.durationMs, 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attributes({ name, tests: outcomes.length, failures, errors: 0, time: seconds(total) })}>`];
  for (const [suite, members] of suites) {
    const suiteFailures = members.filter((outcome) => !outcome.passed).length;
    const time = members.reduce((sum, outcome) => sum + outcome.durationMs, 0);
    lines.push(`  <testsuite${attributes({ name: suite, tests: members.length, failures: suiteFailures, errors: 0, skipped: 0, time: seconds(time) })}>`);
    for (const outcome of members) {
      const head = `    <testcase${attributes({ name: outcome.case.name, classname: suite, file: outcome.case.file, time: seconds(outcome.durationMs) })}`;
      if (outcome.passed) {
        lines.push(`${head}/>`);
        continue;
      }
      const failed = outcome.turns.filter((turn) => turn.mismatches.length > 0).length;
      const message = `${failed} of ${outcome.turns.length} turns failed`;
      lines.push(`${head}>`);
      lines.push(`      <failure${attributes({ message, type: 'mismatch' })}>${escapeXml(formatCaseDiff(outcome).join('\n'))}</failure>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

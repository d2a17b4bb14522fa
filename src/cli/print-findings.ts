// The readable form of `cxhook check`'s findings: grouped by file, one finding per entry with its
// severity, message, rule id and JSON path, then the summary line CI logs can grep.
import type { Finding, FindingCounts, Severity } from '../agent/check/index.ts';
import type { Colors } from './io.ts';

const WIDTH = 'warning'.length;

function severityLabel(severity: Severity, c: Colors): string {
  const label = severity.padEnd(WIDTH);
  return severity === 'error' ? c.red(label) : severity === 'warning' ? c.yellow(label) : c.cyan(label);
}

/** `check: errors=1 warnings=3 notes=2` */
export function formatSummary(counts: FindingCounts): string {
  return `check: errors=${counts.errors} warnings=${counts.warnings} notes=${counts.notes}`;
}

/**
 * The findings as lines of text, grouped by file in the order given (findings come sorted by file).
 * @example for (const line of formatFindings(findings, io.colors)) io.out(line);
 */
export function formatFindings(findings: readonly Finding[], c: Colors): string[] {
  const lines: string[] = [];
  let file: string | undefined;
  for (const finding of findings) {
    if (finding.file !== file) {
      if (file !== undefined) lines.push('');
      file = finding.file;
      lines.push(c.underline(file));
    }
    lines.push(`  ${severityLabel(finding.severity, c)}  ${finding.message}  ${c.dim(finding.rule)}`);
    lines.push(c.dim(`  ${' '.repeat(WIDTH)}  at ${finding.jsonPath}`));
  }
  return lines;
}

// The readable diff of a failed case: a header per failing turn (`case › turn 3 (user: "…")`),
// then `- expected` and `+ actual` lines. The same text goes to the terminal and into JUnit XML.
import pc from 'picocolors';
import { describeInput } from './case.ts';
import type { CaseOutcome, TurnOutcome } from './run.ts';

export type Colors = ReturnType<typeof pc.createColors>;

const PLAIN: Colors = pc.createColors(false);

/** The header of one failing turn. */
export function turnTitle(outcome: CaseOutcome, turn: TurnOutcome): string {
  return `${outcome.case.name} › turn ${turn.number} (${describeInput(turn.turn.input)})`;
}

/**
 * The diff lines of every failing turn of a case (none when it passed); colourless by default.
 * @example formatCaseDiff(outcome).join('\n')
 * // books a trip › turn 2 (user: "to Mexico")
 * //   - page: Collect Further Info
 * //   + page: Start Page
 */
export function formatCaseDiff(outcome: CaseOutcome, colors: Colors = PLAIN): string[] {
  const lines: string[] = [];
  for (const turn of outcome.turns) {
    if (turn.mismatches.length === 0) continue;
    const at = turn.turn.at ? colors.dim(`  (${turn.turn.at})`) : '';
    lines.push(`${colors.bold(turnTitle(outcome, turn))}${at}`);
    for (const mismatch of turn.mismatches) {
      lines.push(colors.green(`  - ${mismatch.field}: ${mismatch.expected}`));
      lines.push(colors.red(`  + ${mismatch.field}: ${mismatch.actual}`));
      if (mismatch.note) lines.push(colors.dim(`    ${mismatch.note}`));
    }
  }
  return lines;
}

/**
 * One line per case, for logs that cannot show a progress bar.
 * @example caseLine(outcome) // '✓ books a trip (5/5 turns, test/golden/trip.yaml)'
 */
export function caseLine(outcome: CaseOutcome, colors: Colors = PLAIN): string {
  const matched = outcome.turns.filter((turn) => turn.result !== undefined && turn.mismatches.length === 0).length;
  const mark = outcome.passed ? colors.green('✓') : colors.red('✗');
  return `${mark} ${outcome.case.name} ${colors.dim(`(${matched}/${outcome.turns.length} turns, ${outcome.case.suite})`)}`;
}

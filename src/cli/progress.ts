// Progress of `cxhook test` on stderr: a cli-progress bar redrawn in place on a terminal, and one
// line per finished case elsewhere (CI logs), where a redrawn bar would only pile up lines.
import cliProgress from 'cli-progress';
import { caseLine, type RunProgress } from '../simulator/testing/index.ts';
import type { ResolvedIo } from './io.ts';

export interface Progress {
  update(progress: RunProgress): void;
  /** Clears the bar, so what follows starts on a clean line. */
  stop(): void;
}

/** A stream cli-progress can draw on that writes through the command's io. */
function stderrStream(io: ResolvedIo): NodeJS.WritableStream {
  return {
    isTTY: true,
    columns: process.stderr.columns ?? 80,
    write: (chunk: string | Uint8Array) => {
      io.stderr(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
  } as unknown as NodeJS.WritableStream;
}

/**
 * The progress display for `total` cases, chosen by whether stderr is a terminal.
 * @example const progress = startProgress(io, cases.length); await runCases(factory, cases, { onProgress: (p) => progress.update(p) }); progress.stop();
 */
export function startProgress(io: ResolvedIo, total: number): Progress {
  if (!io.stderrIsTTY) {
    return { update: ({ outcome }) => io.err(caseLine(outcome, io.colors)), stop: () => {} };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: stderrStream(io),
      format: `cxhook test {bar} {value}/{total} cases · {failed} failed · {name}`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      stopOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let failed = 0;
  bar.start(total, 0, { failed, name: '' });
  return {
    update: ({ done, outcome }) => {
      if (!outcome.passed) failed++;
      bar.update(done, { failed, name: outcome.case.name });
    },
    stop: () => bar.stop(),
  };
}

// Races work against a deadline: when time is up the caller moves on and the signal aborts, while the
// work is left to settle on its own (its late result is reported, never used).

export type Settled<T> = { kind: 'done'; value: T } | { kind: 'failed'; error: unknown } | { kind: 'deadline' };
export type LateResult<T> = Exclude<Settled<T>, { kind: 'deadline' }>;

export interface DeadlineOptions<T> {
  ms: number;
  /** Called when the deadline passes (to abort the work's signal). */
  onDeadline: () => void;
  /** Called once if the work settles after the deadline. */
  onLate: (late: LateResult<T>) => void;
}

export function raceDeadline<T>(work: Promise<T>, options: DeadlineOptions<T>): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const deadline = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => {
      timedOut = true;
      options.onDeadline();
      resolve({ kind: 'deadline' });
    }, options.ms);
  });
  const settled = work.then(
    (value): Settled<T> => ({ kind: 'done', value }),
    (error: unknown): Settled<T> => ({ kind: 'failed', error }),
  );
  void settled.then((late) => {
    clearTimeout(timer);
    if (timedOut && late.kind !== 'deadline') options.onLate(late);
  });
  return Promise.race([settled, deadline]);
}

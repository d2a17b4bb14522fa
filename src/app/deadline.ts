// Races a call's work against its deadline: when time is up the caller moves on and `onDeadline`
// runs (aborting the call's signal), while the work is left to settle on its own; a late outcome
// goes to `onLate`, never to the caller.

export type Settled<T> = { kind: 'done'; value: T } | { kind: 'failed'; error: unknown } | { kind: 'deadline' };
export type LateResult<T> = Exclude<Settled<T>, { kind: 'deadline' }>;

export function raceDeadline<T>(
  work: Promise<T>,
  ms: number,
  onDeadline: () => void,
  onLate: (late: LateResult<T>) => void,
): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const deadline = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => {
      timedOut = true;
      onDeadline();
      resolve({ kind: 'deadline' });
    }, ms);
  });
  const settled = work.then(
    (value): Settled<T> => ({ kind: 'done', value }),
    (error: unknown): Settled<T> => ({ kind: 'failed', error }),
  );
  void settled.then((late) => {
    clearTimeout(timer);
    if (timedOut) onLate(late as LateResult<T>);
  });
  return Promise.race([settled, deadline]);
}

// A failure that repeats on every call (a store that is down) is logged at most once per interval,
// with how many were not logged in between, so a broken Redis cannot flood the logs.

/**
 * Returns `report`: it runs `log(unloggedSinceLast)` at most once per `intervalMs` and counts the
 * reports it skipped.
 * @example const warnDown = throttled(30_000); warnDown((skipped) => logger.warn({ alsoFailedSinceLastLog: skipped }, 'store down'));
 */
export function throttled(intervalMs: number, now: () => number = Date.now): (log: (unloggedSinceLast: number) => void) => void {
  let lastLoggedAt = -Infinity;
  let unlogged = 0;
  return (log) => {
    const at = now();
    if (at - lastLoggedAt < intervalMs) {
      unlogged++;
      return;
    }
    log(unlogged);
    lastLoggedAt = at;
    unlogged = 0;
  };
}

// Races each call's work against the app's deadline. One timer serves every call in flight: calls
// share one budget, so deadlines expire in arrival order and the timer only needs to be armed for
// the oldest call. A timer per call cost 15-20 µs of CPU per request in a loaded server (libuv's
// timer is re-armed whenever the list empties, which is after every request), against ~1 µs here.

export type Settled<T> = { kind: 'done'; value: T } | { kind: 'failed'; error: unknown } | { kind: 'deadline' };
export type LateResult<T> = Exclude<Settled<T>, { kind: 'deadline' }>;

interface Entry {
  at: number;
  expire: () => void;
}

export class DeadlineQueue {
  readonly ms: number;
  // A Set iterates in insertion order, which is deadline order.
  readonly #entries = new Set<Entry>();
  #timer: NodeJS.Timeout | undefined;

  constructor(ms: number) {
    this.ms = ms;
  }

  /**
   * Settles with the work's outcome, or with `deadline` when `ms` pass first; then `onDeadline` runs
   * and a late outcome is handed to `onLate` instead.
   */
  race<T>(work: Promise<T>, onDeadline: () => void, onLate: (late: LateResult<T>) => void): Promise<Settled<T>> {
    return new Promise<Settled<T>>((resolve) => {
      let expired = false;
      const entry: Entry = {
        at: performance.now() + this.ms,
        expire: () => {
          expired = true;
          onDeadline();
          resolve({ kind: 'deadline' });
        },
      };
      this.#add(entry);
      const finish = (outcome: LateResult<T>) => {
        if (expired) return onLate(outcome);
        this.#entries.delete(entry);
        // With no call waiting, the timer must not keep the process alive (a script that injected
        // one call would otherwise wait out the whole budget). Toggling its ref is cheap; re-arming is not.
        if (this.#entries.size === 0) this.#timer?.unref();
        resolve(outcome);
      };
      work.then(
        (value) => finish({ kind: 'done', value }),
        (error: unknown) => finish({ kind: 'failed', error }),
      );
    });
  }

  /** Calls still waiting (for tests and shutdown logs). */
  get size(): number {
    return this.#entries.size;
  }

  #add(entry: Entry): void {
    this.#entries.add(entry);
    if (this.#timer === undefined) this.#arm(entry.at);
    else this.#timer.ref();
  }

  #arm(at: number): void {
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, at - performance.now()));
  }

  #tick(): void {
    this.#timer = undefined;
    const now = performance.now();
    for (const entry of this.#entries) {
      if (entry.at > now) {
        this.#arm(entry.at);
        return;
      }
      this.#entries.delete(entry);
      entry.expire();
    }
  }
}

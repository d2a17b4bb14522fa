// Races each call's work against the app's deadline. One timer serves every call in flight: calls
// share one budget, so deadlines expire in arrival order and the timer only needs to be armed for
// the oldest call. A timer per call cost 15-20 µs of CPU per request in a loaded server (libuv's
// timer is re-armed whenever the list empties, which is after every request), against ~1 µs here.

export type Settled<T> = { kind: 'done'; value: T } | { kind: 'failed'; error: unknown } | { kind: 'deadline' };
export type LateResult<T> = Exclude<Settled<T>, { kind: 'deadline' }>;

// Entries form a doubly linked list in arrival order (which is deadline order). It replaced a Set:
// with the Set, young-generation GCs kept ~70% of what they scanned alive until the next full GC
// (--trace-gc), and `npm run bench:pipeline` spent 31 µs per weather call against 11 µs with this
// list. Our reading, not verified in V8's sources: a busy Set's replaced backing tables still point
// at entries that were in them, and through them at every call's context, request and reply. An
// unlinked entry here drops its links and callback at once.
interface Entry {
  at: number;
  expire: (() => void) | undefined;
  previous: Entry | undefined;
  next: Entry | undefined;
}

export class DeadlineQueue {
  readonly ms: number;
  #first: Entry | undefined;
  #last: Entry | undefined;
  #size = 0;
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
        previous: undefined,
        next: undefined,
      };
      this.#add(entry);
      const finish = (outcome: LateResult<T>) => {
        if (expired) return onLate(outcome);
        this.#remove(entry);
        // With no call waiting, the timer must not keep the process alive (a script that injected
        // one call would otherwise wait out the whole budget). Toggling its ref is cheap; re-arming is not.
        if (this.#size === 0) this.#timer?.unref();
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
    return this.#size;
  }

  #add(entry: Entry): void {
    if (this.#last) {
      this.#last.next = entry;
      entry.previous = this.#last;
    } else {
      this.#first = entry;
    }
    this.#last = entry;
    this.#size++;
    if (this.#timer === undefined) this.#arm(entry.at);
    else this.#timer.ref();
  }

  #remove(entry: Entry): void {
    const { previous, next } = entry;
    if (previous) previous.next = next;
    else this.#first = next;
    if (next) next.previous = previous;
    else this.#last = previous;
    entry.previous = undefined;
    entry.next = undefined;
    entry.expire = undefined;
    this.#size--;
  }

  #arm(at: number): void {
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, at - performance.now()));
  }

  #tick(): void {
    this.#timer = undefined;
    const now = performance.now();
    for (let entry = this.#first; entry; entry = this.#first) {
      if (entry.at > now) {
        this.#arm(entry.at);
        return;
      }
      const expire = entry.expire;
      this.#remove(entry);
      expire?.();
    }
  }
}

// Concurrent misses for one key in this process share one load; each caller may stop waiting on its
// own signal without cancelling the load for the others.

/** Runs at most one `start()` per key at a time; callers arriving meanwhile get the same promise. */
export class SingleFlight {
  readonly #flights = new Map<string, Promise<unknown>>();

  run<V>(key: string, start: () => Promise<V>): Promise<V> {
    const running = this.#flights.get(key);
    if (running) return running as Promise<V>;
    const flight = Promise.resolve().then(start);
    this.#flights.set(key, flight);
    // Also handles a rejection nobody awaits any more (every caller aborted).
    const done = () => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    };
    flight.then(done, done);
    return flight;
  }
}

/** `promise`, unless `signal` aborts first: then the signal's reason. */
export function untilAborted<V>(promise: Promise<V>, signal: AbortSignal | undefined): Promise<V> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<V>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

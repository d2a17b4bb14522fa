// The whole middleware chain: each middleware gets the context and a `next` that runs the rest.

export type Next = () => Promise<void>;
export type Middleware<C> = (ctx: C, next: Next) => unknown;

/**
 * Composes middleware into one function. Calling `next()` twice is a bug and throws.
 * @example const run = compose([logTiming, auth, router]); await run(ctx);
 */
export function compose<C>(middleware: readonly Middleware<C>[]): (ctx: C) => Promise<void> {
  return (ctx) => {
    let last = -1;
    const dispatch = async (index: number): Promise<void> => {
      if (index <= last) throw new Error('next() called more than once');
      last = index;
      const current = middleware[index];
      if (current) await current(ctx, () => dispatch(index + 1));
    };
    return dispatch(0);
  };
}

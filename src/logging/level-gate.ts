// Whether a level is on, for code that asks on every call: pino's isLevelEnabled looks the level up
// and compares through a bound function each time; this asks it again only when the logger's level
// has changed (one getter read otherwise). Loggers without `levelVal` are simply asked every time.
import type { Logger } from 'pino';

/** `() => logger.isLevelEnabled(level)`, cached while the logger's level stays the same. */
export function levelGate(logger: Logger, level: string): () => boolean {
  let seenLevel: number | undefined;
  let enabled = false;
  return () => {
    const current = logger.levelVal as number | undefined;
    if (current === undefined || current !== seenLevel) {
      seenLevel = current;
      enabled = logger.isLevelEnabled(level);
    }
    return enabled;
  };
}

// A scope for tests: fixed clock (Thursday 2026-11-26 15:04:05.123 UTC) and a fixed random source.
import type { Scope } from '../../../src/simulator/expression/index.ts';

export const NOW = new Date('2026-11-26T15:04:05.123Z');

export function scopeWith(parts: Partial<Scope> = {}): Scope {
  return {
    session: {},
    flow: {},
    page: { params: {} },
    request: {},
    now: () => NOW,
    random: () => 0.25,
    ...parts,
  };
}

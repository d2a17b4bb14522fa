// Randomness from the scope's source, so a simulation repeats: RAND (legacy `rand`) and UUID.
import type { SystemFunction } from './types.ts';

function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4'; // version 4
  hex[16] = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16); // RFC 4122 variant
  const text = hex.join('');
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

export const RANDOM_FUNCTIONS: Record<string, SystemFunction> = {
  RAND: { arity: [0, 0], call: (_args, context) => context.scope.random() },
  UUID: { arity: [0, 0], call: (_args, context) => uuid(() => context.scope.random()) },
};

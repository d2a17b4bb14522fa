export { createSimulator } from './simulator.ts';
export type * from './types.ts';

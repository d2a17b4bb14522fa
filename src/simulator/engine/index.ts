export { createSimulator } from './simulator.ts';
export * from './types.ts';

// `cxhook gen`: TypeScript types from an agent export.
export { describeAgent, generateTypes, printTypes, type AgentDescription, type GenerateOptions, type TagTypes } from './generate-types.ts';

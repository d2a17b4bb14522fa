// `cxhook gen`: TypeScript types from an agent export.
export { describeAgent, generateTypes, type AgentDescription, type GenerateOptions, type TagTypes } from './generate-types.ts';

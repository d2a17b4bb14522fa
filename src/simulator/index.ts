// cxhook/simulator: run a CX agent export offline against a webhook app — the engine, its
// expression evaluator and its NLU.
export * from './engine/index.ts';
export {
  evaluateCondition,
  evaluateValue,
  interpolate,
  lintCondition,
  parseCondition,
  referencesIn,
  resolveReference,
  ExpressionError,
  type Scope,
} from './expression/index.ts';
export { buildNlu, trainClassifier, IntentClassifier, type Nlu } from './nlu/index.ts';
export * from './testing/index.ts';

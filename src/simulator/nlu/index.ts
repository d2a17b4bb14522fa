// The simulator's NLU: cxhook's own intent classifier and entity extraction, offline and
// deterministic, trained from an agent's training phrases and entity types.
export { IntentClassifier, trainClassifier, type Classification, type ClassifierModel, type LabelConfidence, type TrainOptions } from './classifier.ts';
export { buildNlu, type ExtractOptions, type IntentMatch, type MatchOptions, type Nlu, type NluOptions, type ParameterValue } from './nlu.ts';
export { SYSTEM_ENTITIES } from './entities/system.ts';
export { HOLD_OUT_EVERY, measureAccuracy, type AccuracyReport, type HeldOutMiss } from './accuracy.ts';

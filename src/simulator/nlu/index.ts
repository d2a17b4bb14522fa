// The simulator's NLU: cxhook's own intent classifier and entity extraction, offline and
// deterministic, trained from an agent's training phrases and entity types.
export { IntentClassifier, trainClassifier, type Classification, type ClassifierModel, type LabelConfidence, type TrainOptions } from './classifier.ts';

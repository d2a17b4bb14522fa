// Enum names of the CX v3 wire contract, copied from the protos (checked by test/protocol/conformance).
export const PARAMETER_STATES = ['PARAMETER_STATE_UNSPECIFIED', 'EMPTY', 'INVALID', 'FILLED'] as const;
export const MERGE_BEHAVIORS = ['MERGE_BEHAVIOR_UNSPECIFIED', 'APPEND', 'REPLACE'] as const;
export const RESPONSE_TYPES = [
  'RESPONSE_TYPE_UNSPECIFIED',
  'ENTRY_PROMPT',
  'PARAMETER_PROMPT',
  'HANDLER_PROMPT',
] as const;

export type ParameterState = (typeof PARAMETER_STATES)[number];
export type MergeBehavior = (typeof MERGE_BEHAVIORS)[number];
export type ResponseType = (typeof RESPONSE_TYPES)[number];

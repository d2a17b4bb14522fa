// Protocol conformance: the zod schemas of src/protocol against Google's Dialogflow CX v3 protos.
// A field added, dropped or misspelled on either side, a scalar of the wrong type or an enum out of
// order fails here with the path of the difference.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import protobuf from 'protobufjs';
import { z } from 'zod';
import { MERGE_BEHAVIORS, PARAMETER_STATES, RESPONSE_TYPES } from '../../src/protocol/enums.ts';
import { jsonValue } from '../../src/protocol/json.ts';
import { OUTPUT_ONLY_MESSAGE_KINDS } from '../../src/protocol/messages.ts';
import { requestSchemas, responseSchemas } from '../../src/protocol/schemas.ts';
import { parseWebhookRequest } from '../../src/protocol/parse-request.ts';
import {
  compareWithProto,
  CX_PACKAGE,
  cxEnum,
  cxType,
  enumNames,
  fieldBehaviors,
  formatMismatches,
  reachableMessageTypes,
  type WalkOptions,
  type WalkReport,
  zodEnumValues,
} from './proto-oracle.ts';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';

const REQUEST_OPTIONS: WalkOptions = { unknownKeys: 'strip', deepJson: false };
const RESPONSE_MESSAGE = `${CX_PACKAGE}.ResponseMessage`;
const RESPONSE_OPTIONS: WalkOptions = {
  unknownKeys: 'strict',
  deepJson: true,
  omitted: new Map([[RESPONSE_MESSAGE, OUTPUT_ONLY_MESSAGE_KINDS]]),
};

const webhookRequestType = cxType('WebhookRequest');
const webhookResponseType = cxType('WebhookResponse');
const requestReport = compareWithProto(requestSchemas.webhookRequest, webhookRequestType, 'WebhookRequest', REQUEST_OPTIONS);
const responseReport = compareWithProto(
  responseSchemas.webhookResponse,
  webhookResponseType,
  'WebhookResponse',
  RESPONSE_OPTIONS,
);

function assertConforms(report: WalkReport, what: string): void {
  assert.equal(
    report.mismatches.length,
    0,
    `${what} differs from the proto in ${report.mismatches.length} place(s):\n${formatMismatches(report.mismatches)}`,
  );
}

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}

function issuesOf(result: { success: boolean; error?: z.ZodError }): string {
  return result.error ? z.prettifyError(result.error) : '';
}

// --- 1. WebhookRequest ---------------------------------------------------------------------------

test('the request schema has exactly the fields of the proto WebhookRequest, at every depth', () => {
  assertConforms(requestReport, 'requestSchemas.webhookRequest');
});

test('the request comparison reaches every message type nested in the proto WebhookRequest', () => {
  const expected = reachableMessageTypes(webhookRequestType);
  assert.deepEqual(sorted(requestReport.visited.keys()), sorted(expected));
  // The types the protocol spec names, so that a shrinking proto cannot make the test vacuous.
  for (const name of [
    'WebhookRequest',
    'WebhookRequest.IntentInfo',
    'WebhookRequest.IntentInfo.IntentParameterValue',
    'WebhookRequest.FulfillmentInfo',
    'WebhookRequest.SentimentAnalysisResult',
    'LanguageInfo',
    'PageInfo',
    'PageInfo.FormInfo',
    'PageInfo.FormInfo.ParameterInfo',
    'SessionInfo',
    'ResponseMessage',
    'ResponseMessage.Text',
    'ResponseMessage.ConversationSuccess',
    'ResponseMessage.OutputAudioText',
    'ResponseMessage.LiveAgentHandoff',
    'ResponseMessage.EndInteraction',
    'ResponseMessage.PlayAudio',
    'ResponseMessage.MixedAudio',
    'ResponseMessage.MixedAudio.Segment',
    'ResponseMessage.TelephonyTransferCall',
    'ResponseMessage.KnowledgeInfoCard',
    'ToolCall',
  ]) {
    assert.ok(requestReport.visited.has(`${CX_PACKAGE}.${name}`), `${name} was not compared`);
  }
  assert.deepEqual(requestReport.visited.get(`${CX_PACKAGE}.WebhookRequest.IntentInfo.IntentParameterValue`), [
    'WebhookRequest.intentInfo.parameters{}',
  ]);
});

test('the request comparison checks the zod type of every field of every reached proto message', () => {
  const protoFieldCount = [...requestReport.visited.entries()].reduce(
    (count, [name, paths]) => count + paths.length * cxType(name.slice(CX_PACKAGE.length + 1)).fieldsArray.length,
    0,
  );
  assert.equal(requestReport.fields.length, protoFieldCount);
  const compared = new Set(requestReport.fields.map((record) => record.path));
  // One sample of each proto3 JSON mapping: string, bool, float, bytes, enum, repeated, map, Struct, Value.
  for (const path of [
    'WebhookRequest.text',
    'WebhookRequest.pageInfo.formInfo.parameterInfo[].required',
    'WebhookRequest.intentInfo.confidence',
    'WebhookRequest.messages[].mixedAudio.segments[].audio',
    'WebhookRequest.pageInfo.formInfo.parameterInfo[].state',
    'WebhookRequest.pageInfo.formInfo.parameterInfo',
    'WebhookRequest.intentInfo.parameters',
    'WebhookRequest.sessionInfo.parameters',
    'WebhookRequest.payload',
    'WebhookRequest.pageInfo.formInfo.parameterInfo[].value',
  ]) {
    assert.ok(compared.has(path), `${path} was not compared`);
  }
});

// --- 2. WebhookResponse --------------------------------------------------------------------------

test('the response schema has exactly the fields of the proto WebhookResponse, minus the output-only message kinds', () => {
  assertConforms(responseReport, 'responseSchemas.webhookResponse');
  const omittedHere = responseReport.omitted.filter((entry) => entry.type === RESPONSE_MESSAGE);
  assert.deepEqual(
    sorted(omittedHere.map((entry) => entry.path)),
    sorted(OUTPUT_ONLY_MESSAGE_KINDS.map((kind) => `WebhookResponse.fulfillmentResponse.messages[].${kind}`)),
  );
  assert.equal(responseReport.omitted.length, omittedHere.length, 'only ResponseMessage kinds may be omitted');
});

test('the response comparison reaches every message type nested in the proto WebhookResponse except output-only ones', () => {
  const outputOnlyTypes = new Set(
    OUTPUT_ONLY_MESSAGE_KINDS.flatMap((kind) => {
      const type = cxType('ResponseMessage').fields[kind]?.resolvedType;
      return type instanceof protobuf.Type ? [...reachableMessageTypes(type)] : [];
    }),
  );
  const expected = [...reachableMessageTypes(webhookResponseType)].filter((name) => !outputOnlyTypes.has(name));
  assert.deepEqual(sorted(responseReport.visited.keys()), sorted(expected));
});

test('the response message schema leaves out exactly OUTPUT_ONLY_MESSAGE_KINDS, each a message kind of the proto', () => {
  const protoMessage = cxType('ResponseMessage');
  const protoKinds = new Set(protoMessage.fieldsArray.map((field) => field.name));
  const responseKinds = new Set(Object.keys(responseSchemas.responseMessage.shape));
  const requestKinds = new Set(Object.keys(requestSchemas.responseMessage.shape));
  assert.deepEqual(sorted([...protoKinds].filter((kind) => !responseKinds.has(kind))), sorted(OUTPUT_ONLY_MESSAGE_KINDS));
  assert.deepEqual(sorted(requestKinds), sorted(protoKinds), 'requests carry every message kind');
  for (const kind of OUTPUT_ONLY_MESSAGE_KINDS) {
    const field = protoMessage.fields[kind];
    assert.ok(field, `${kind} is not a field of proto ResponseMessage`);
    assert.equal(field.partOf?.name, 'message', `${kind} is not one of the ResponseMessage.message kinds`);
  }
});

test('every message kind the proto marks OUTPUT_ONLY is refused in a webhook response', () => {
  const protoOutputOnly = cxType('ResponseMessage')
    .fieldsArray.filter((field) => fieldBehaviors(field).includes('OUTPUT_ONLY'))
    .map((field) => field.name);
  assert.ok(protoOutputOnly.length > 0, 'the proto marks no ResponseMessage kind OUTPUT_ONLY');
  for (const kind of protoOutputOnly) {
    assert.ok((OUTPUT_ONLY_MESSAGE_KINDS as readonly string[]).includes(kind), `${kind} is OUTPUT_ONLY in the proto`);
  }
  for (const kind of OUTPUT_ONLY_MESSAGE_KINDS) {
    const message = { [kind]: {} };
    const response = responseSchemas.webhookResponse.safeParse({ fulfillmentResponse: { messages: [message] } });
    assert.equal(response.success, false, `a webhook response with a ${kind} message must be refused`);
    const request = requestSchemas.responseMessage.safeParse(
      kind === 'toolCall' ? { toolCall: { tool: 'projects/p/tools/t', action: 'a' } } : message,
    );
    assert.ok(request.success, `a request message of kind ${kind} must be accepted: ${issuesOf(request)}`);
  }
});

test('the response schema requires every field the proto marks REQUIRED', (t) => {
  for (const record of responseReport.fields) {
    if (record.behaviors.includes('REQUIRED')) {
      assert.ok(record.zodRequired, `${record.path} is REQUIRED in the proto but optional in zod`);
    }
  }
  // Not a failure, but worth seeing: proto3 JSON omits empty values, so these can be absent on the wire.
  for (const record of [...requestReport.fields, ...responseReport.fields]) {
    if (record.zodRequired && !record.behaviors.includes('REQUIRED')) {
      t.diagnostic(`${record.path} is required in zod but not marked REQUIRED in the proto`);
    }
  }
});

// --- 3. Enums ------------------------------------------------------------------------------------

const ENUMS = [
  {
    proto: 'PageInfo.FormInfo.ParameterInfo.ParameterState',
    constant: PARAMETER_STATES,
    wrap: (value: unknown) => ({ pageInfo: { formInfo: { parameterInfo: [{ displayName: 'p', state: value }] } } }),
    read: (parsed: unknown) => (parsed as { pageInfo: { formInfo: { parameterInfo: [{ state: unknown }] } } }).pageInfo.formInfo.parameterInfo[0].state,
  },
  {
    proto: 'WebhookResponse.FulfillmentResponse.MergeBehavior',
    constant: MERGE_BEHAVIORS,
    wrap: (value: unknown) => ({ fulfillmentResponse: { mergeBehavior: value } }),
    read: (parsed: unknown) => (parsed as { fulfillmentResponse: { mergeBehavior: unknown } }).fulfillmentResponse.mergeBehavior,
  },
  {
    proto: 'ResponseMessage.ResponseType',
    constant: RESPONSE_TYPES,
    wrap: (value: unknown) => ({ fulfillmentResponse: { messages: [{ text: { text: ['hi'] }, responseType: value }] } }),
    read: (parsed: unknown) => (parsed as { messages: [{ responseType: unknown }] }).messages[0].responseType,
  },
] as const;

test('each enum constant lists the proto enum names in proto order, numbered from 0 without gaps', () => {
  for (const { proto, constant } of ENUMS) {
    const protoEnum = cxEnum(proto);
    assert.deepEqual([...constant], enumNames(protoEnum), `${proto} names`);
    assert.deepEqual(
      constant.map((name) => protoEnum.values[name]),
      constant.map((_, index) => index),
      `${proto} numbers (requests read enum numbers by position)`,
    );
  }
});

test('every zod enum reached from the wire messages equals its proto enum and its enums.ts constant', () => {
  const constants = new Map<string, readonly string[]>(ENUMS.map(({ proto, constant }) => [`${CX_PACKAGE}.${proto}`, constant]));
  for (const comparison of [...requestReport.enums, ...responseReport.enums]) {
    const what = `${comparison.path} (${comparison.protoEnum})`;
    assert.deepEqual(comparison.zodValues, comparison.protoValues, what);
    assert.deepEqual(comparison.zodValues, constants.get(comparison.protoEnum), `${what} vs enums.ts`);
  }
  assert.deepEqual(sorted(requestReport.enums.map(({ path }) => path)), [
    'WebhookRequest.messages[].responseType',
    'WebhookRequest.pageInfo.formInfo.parameterInfo[].state',
  ]);
  assert.deepEqual(sorted(responseReport.enums.map(({ path }) => path)), [
    'WebhookResponse.fulfillmentResponse.mergeBehavior',
    'WebhookResponse.fulfillmentResponse.messages[].responseType',
    'WebhookResponse.pageInfo.formInfo.parameterInfo[].state',
  ]);
  assert.deepEqual(zodEnumValues(requestSchemas.parameterInfo.shape.state), [...PARAMETER_STATES]);
  assert.deepEqual(zodEnumValues(responseSchemas.responseMessage.shape.responseType), [...RESPONSE_TYPES]);
});

test('the response schema accepts every proto enum value and refuses a bogus one', () => {
  for (const { proto, wrap } of ENUMS) {
    for (const name of enumNames(cxEnum(proto))) {
      const result = responseSchemas.webhookResponse.safeParse(wrap(name));
      assert.ok(result.success, `${proto} ${name} must be accepted: ${issuesOf(result)}`);
    }
    for (const bogus of ['BOGUS', 'filled', 1, '']) {
      const result = responseSchemas.webhookResponse.safeParse(wrap(bogus));
      assert.equal(result.success, false, `${proto} ${JSON.stringify(bogus)} must be refused`);
    }
  }
});

test('request parsing reads enum numbers as their proto names and unknown names as UNSPECIFIED', () => {
  for (const { proto, wrap, read } of ENUMS) {
    if (proto.endsWith('MergeBehavior')) continue; // a response-only enum
    const protoEnum = cxEnum(proto);
    const names = enumNames(protoEnum);
    const parse = (value: unknown) => {
      const document = wrap(value) as { fulfillmentResponse?: { messages: unknown[] } };
      // ResponseType travels in WebhookRequest.messages, not in a fulfillment response.
      const request = document.fulfillmentResponse ? { messages: document.fulfillmentResponse.messages } : document;
      const result = parseWebhookRequest(request);
      assert.ok(result.ok, `${proto} ${JSON.stringify(value)}: ${JSON.stringify(result)}`);
      return read(result.request);
    };
    for (const name of names) {
      assert.equal(parse(name), name);
      assert.equal(parse(protoEnum.values[name]), name, `${proto} number ${protoEnum.values[name]}`);
    }
    assert.equal(parse('SOMETHING_NEW'), names[0]);
  }
});

// --- 5. Fixtures -----------------------------------------------------------------------------------

const FIXTURES = sharedFixture('requests/');
const fixtureFiles = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.json'))
  .sort();

test('the shared request fixtures directory holds JSON fixtures', () => {
  assert.ok(fixtureFiles.length > 0, `no *.json in ${FIXTURES.pathname}`);
});

for (const file of fixtureFiles) {
  test(`the request schema parses the fixture ${file}`, () => {
    const json: unknown = JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8'));
    const result = requestSchemas.webhookRequest.safeParse(json);
    assert.ok(result.success, `${file}:\n${issuesOf(result)}`);
  });
}

// --- Negative controls: the comparator can fail --------------------------------------------------

test('the comparator flags a misspelled field as both extra and missing', () => {
  const misspelled = z.object({ tga: z.string().optional() });
  const report = compareWithProto(misspelled, cxType('WebhookRequest.FulfillmentInfo'), 'FulfillmentInfo', REQUEST_OPTIONS);
  assert.deepEqual(sorted(report.mismatches.map((m) => m.path)), ['FulfillmentInfo.tag', 'FulfillmentInfo.tga']);
});

test('the comparator names the full path of a misspelled field deep inside WebhookRequest', () => {
  const { state, ...rest } = requestSchemas.parameterInfo.shape;
  const misspelledParameterInfo = z.object({ ...rest, stat: state });
  const broken = requestSchemas.webhookRequest.extend({
    pageInfo: requestSchemas.pageInfo
      .extend({ formInfo: z.object({ parameterInfo: z.array(misspelledParameterInfo).optional() }).optional() })
      .optional(),
  });
  const report = compareWithProto(broken, webhookRequestType, 'WebhookRequest', REQUEST_OPTIONS);
  assert.deepEqual(sorted(report.mismatches.map((m) => m.path)), [
    'WebhookRequest.pageInfo.formInfo.parameterInfo[].stat',
    'WebhookRequest.pageInfo.formInfo.parameterInfo[].state',
  ]);
});

test('the comparator flags a scalar of the wrong zod type and a repeated field that is not an array', () => {
  const broken = z.object({
    inputLanguageCode: z.string().optional(),
    resolvedLanguageCode: z.number().optional(),
    confidenceScore: z.array(z.number()).optional(),
  });
  const report = compareWithProto(broken, cxType('LanguageInfo'), 'LanguageInfo', REQUEST_OPTIONS);
  assert.deepEqual(sorted(report.mismatches.map((m) => m.path)), [
    'LanguageInfo.confidenceScore',
    'LanguageInfo.resolvedLanguageCode',
  ]);
  const notArray = z.object({ text: z.string(), allowPlaybackInterruption: z.boolean().optional() });
  const text = compareWithProto(notArray, cxType('ResponseMessage.Text'), 'Text', REQUEST_OPTIONS);
  assert.deepEqual(
    text.mismatches.map((m) => m.path),
    ['Text.text'],
  );
});

test('the comparator flags an enum whose values are out of proto order', () => {
  const broken = z.object({
    fulfillmentResponse: z
      .strictObject({ mergeBehavior: z.enum(['MERGE_BEHAVIOR_UNSPECIFIED', 'REPLACE', 'APPEND']).optional() })
      .optional(),
  });
  const report = compareWithProto(broken, webhookResponseType, 'WebhookResponse', REQUEST_OPTIONS);
  const enumMismatch = report.mismatches.find((m) => m.path === 'WebhookResponse.fulfillmentResponse.mergeBehavior');
  assert.ok(enumMismatch, formatMismatches(report.mismatches));
});

test('the comparator flags a lenient object or a shallow JSON check in a response schema', () => {
  const lenient = z.object({ tag: z.string().optional() });
  const strictReport = compareWithProto(lenient, cxType('WebhookRequest.FulfillmentInfo'), 'FulfillmentInfo', RESPONSE_OPTIONS);
  assert.deepEqual(strictReport.mismatches.map((m) => m.path), ['FulfillmentInfo']);

  const shallow = z.strictObject({ originalValue: z.string().optional(), resolvedValue: jsonValue(false).optional() });
  const type = cxType('WebhookRequest.IntentInfo.IntentParameterValue');
  const deepReport = compareWithProto(shallow, type, 'IntentParameterValue', RESPONSE_OPTIONS);
  assert.ok(deepReport.mismatches.length > 0);
  assert.ok(deepReport.mismatches.every((m) => m.path === 'IntentParameterValue.resolvedValue'));
});

test('the comparator flags an omission that is not a proto field or that the schema still has', () => {
  const options: WalkOptions = {
    ...RESPONSE_OPTIONS,
    omitted: new Map([[`${CX_PACKAGE}.WebhookRequest.FulfillmentInfo`, ['tag', 'tga']]]),
  };
  const schema = z.strictObject({ tag: z.string().optional() });
  const report = compareWithProto(schema, cxType('WebhookRequest.FulfillmentInfo'), 'FulfillmentInfo', options);
  assert.deepEqual(sorted(report.mismatches.map((m) => m.path)), ['FulfillmentInfo.tag', 'FulfillmentInfo.tga']);
});

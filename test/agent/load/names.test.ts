import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeName, specialTargetOf } from '../../../src/agent/index.ts';
import { jsonPath } from '../../../src/agent/load/json-path.ts';
import { idOf } from '../../../src/agent/load/names.ts';

test('file names decode lowercase and uppercase percent escapes, UTF-8 sequences included', () => {
  assert.equal(decodeName('%3e collect address'), '> collect address');
  assert.equal(decodeName('prebuilt_components_address_collection%3aaddress_validation'), 'prebuilt_components_address_collection:address_validation');
  assert.equal(decodeName('Lost %26 Stolen Card'), 'Lost & Stolen Card');
  assert.equal(decodeName('%e2%80%9cquoted%e2%80%9d %28x%29'), '“quoted” (x)');
  assert.equal(decodeName('%3E%2F'), '>/');
});

test('a % that starts no valid escape is kept, and a broken UTF-8 run keeps its undecodable bytes', () => {
  assert.equal(decodeName('100% sure'), '100% sure');
  assert.equal(decodeName('50%zz'), '50%zz');
  assert.equal(decodeName('%e2%80 and %3e'), '%e2%80 and >');
});

test('special targets match the export tokens and API ids as whole strings only', () => {
  assert.equal(specialTargetOf('End Session'), 'END_SESSION');
  assert.equal(specialTargetOf('Start Page'), 'START_PAGE');
  assert.equal(specialTargetOf('END_FLOW'), 'END_FLOW');
  assert.equal(specialTargetOf('END_FLOW_WITH_HUMAN_ESCALATION'), 'END_FLOW_WITH_HUMAN_ESCALATION');
  assert.equal(specialTargetOf('projects/p/locations/l/agents/a/flows/f/pages/PREVIOUS_PAGE'), 'PREVIOUS_PAGE');
  assert.equal(specialTargetOf('End Flow after 2:30'), undefined);
  assert.equal(specialTargetOf('end session'), undefined);
});

test('resource names give their last segment as id, other strings stay as they are', () => {
  assert.equal(idOf('projects/p/locations/global/agents/a/intents/1234'), '1234');
  assert.equal(idOf('Default Welcome Intent'), 'Default Welcome Intent');
});

test('JSON paths use dots for names, brackets for indexes and quoted brackets for other keys', () => {
  assert.equal(jsonPath('$', 'transitionRoutes', 2, 'triggerFulfillment'), '$.transitionRoutes[2].triggerFulfillment');
  assert.equal(jsonPath('$.form', 'parameters', 0), '$.form.parameters[0]');
  assert.equal(jsonPath('$', 'a key', 'x-y'), '$["a key"]["x-y"]');
});

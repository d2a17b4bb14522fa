import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadAgent } from '../../../src/agent/index.ts';
import { isCxhookError } from '../../../src/errors/index.ts';
import { minimalExport, tempDir, writeExport } from './helpers.ts';

const START = 'flows/Default Start Flow/Default Start Flow.json';
const MENU = 'flows/Default Start Flow/pages/Menu.json';
const WELCOME_PHRASES = 'intents/Default Welcome Intent/trainingPhrases/en.json';

/** Loading the minimal export with `changes` applied fails with CXH_ERR_AGENT_FILE at `file` and `jsonPath`. */
async function assertFileError(changes: Record<string, unknown>, file: string, jsonPath: string, reason: RegExp): Promise<void> {
  const dir = writeExport({ ...minimalExport(), ...changes });
  await assert.rejects(loadAgent(dir), (error: unknown) => {
    assert.ok(isCxhookError(error), `expected a CxhookError, got ${String(error)}`);
    assert.equal(error.code, 'CXH_ERR_AGENT_FILE');
    assert.equal(error.status, 400);
    const details = error.details as { file: string; path: string; reason: string };
    assert.equal(details.file, file);
    assert.equal(details.path, jsonPath);
    assert.match(details.reason, reason);
    assert.ok(error.message.includes(file) && error.message.includes(jsonPath), error.message);
    return true;
  });
}

test('a page that is not valid JSON names the page file', async () => {
  await assertFileError({ [MENU]: '{ "displayName": "Menu", ' }, MENU, '$', /^not valid JSON/);
});

test('transitionRoutes that is not an array names the field', async () => {
  await assertFileError({ [START]: { displayName: 'Default Start Flow', transitionRoutes: { intent: 'x' } } }, START, '$.transitionRoutes', /expected array, received object/);
});

test('a route that is not an object names its index', async () => {
  await assertFileError({ [MENU]: { displayName: 'Menu', transitionRoutes: [{ condition: 'true' }, 'End Session'] } }, MENU, '$.transitionRoutes[1]', /expected object, received string/);
});

test('a training phrase part without text names the part', async () => {
  await assertFileError(
    { [WELCOME_PHRASES]: { trainingPhrases: [{ parts: [{ text: 'hello ' }, { parameterId: 'name' }], repeatCount: 1 }] } },
    WELCOME_PHRASES,
    '$.trainingPhrases[0].parts[1].text',
    /^missing \(expected string\)$/,
  );
});

test('a form parameter with a non-string entity type names the parameter field', async () => {
  await assertFileError(
    { [MENU]: { displayName: 'Menu', form: { parameters: [{ displayName: 'size', entityType: 7, required: true }] } } },
    MENU,
    '$.form.parameters[0].entityType',
    /expected string, received number/,
  );
});

test('a wrong type deep inside nested conditional cases names the whole path', async () => {
  const entryFulfillment = { conditionalCases: [{ cases: [{ condition: 'true', caseContent: [{ additionalCases: { cases: [{ caseContent: [{ message: { text: { text: 'not a list' } } }] }] } }] }] }] };
  await assertFileError(
    { [MENU]: { displayName: 'Menu', entryFulfillment } },
    MENU,
    '$.entryFulfillment.conditionalCases[0].cases[0].caseContent[0].additionalCases.cases[0].caseContent[0].message.text.text',
    /expected array/,
  );
});

test('an agent.json without defaultLanguageCode names the field', async () => {
  await assertFileError({ 'agent.json': { timeZone: 'Europe/Paris' } }, 'agent.json', '$.defaultLanguageCode', /missing/);
});

test('a test case turn without any input names the input', async () => {
  const file = 'testCases/broken.json';
  await assertFileError(
    { [file]: { displayName: 'broken', testCaseConversationTurns: [{ userInput: { input: { languageCode: 'en' } } }] } },
    file,
    '$.testCaseConversationTurns[0].userInput.input',
    /no text, event, dtmf or intent/,
  );
});

test('a webhook timeout of the wrong type is an error that lists the accepted forms', async () => {
  await assertFileError({ 'webhooks/w.json': { displayName: 'w', genericWebService: { uri: 'https://x' }, timeout: 5 } }, 'webhooks/w.json', '$.timeout', /^expected object or string, received number$/);
});

test('a bad entry in a {key, value} list names the entry, not just the list', async () => {
  const file = 'intents/Default Welcome Intent/Default Welcome Intent.json';
  await assertFileError({ [file]: { displayName: 'Default Welcome Intent', labels: [{ key: 'sys-head', value: '' }, { key: 3, value: '' }] } }, file, '$.labels[1].key', /expected string, received number/);
});

test('a location that does not exist is CXH_ERR_AGENT_NOT_FOUND', async () => {
  const missing = path.join(tempDir(), 'nope');
  await assert.rejects(loadAgent(missing), (error: unknown) => isCxhookError(error) && error.code === 'CXH_ERR_AGENT_NOT_FOUND' && error.message.includes(missing) && /nothing exists there/.test(error.message));
});

test('a folder without agent.json is CXH_ERR_AGENT_NOT_FOUND even when it holds other export files', async () => {
  const files = minimalExport();
  delete files['agent.json'];
  const dir = writeExport(files);
  await assert.rejects(loadAgent(dir), (error: unknown) => isCxhookError(error) && error.code === 'CXH_ERR_AGENT_NOT_FOUND' && /agent\.json/.test(error.message));
});

test('a folder holding two exports side by side asks for one of them', async () => {
  const dir = tempDir();
  writeExport(minimalExport(), path.join(dir, 'one'));
  writeExport(minimalExport(), path.join(dir, 'two'));
  await assert.rejects(loadAgent(dir), (error: unknown) => isCxhookError(error) && error.code === 'CXH_ERR_AGENT_NOT_FOUND' && /several folders.*one\/.*two\//.test(error.message));
});

test('an export in a sub-folder of a repository, or given by its agent.json, is found', async () => {
  const repo = tempDir();
  writeExport({ 'README.md': '# bot', 'package.json': '{ "not": "an agent" }' }, repo);
  const root = path.join(repo, 'data', 'agents', 'default');
  writeExport(minimalExport(), root);
  // A hidden folder's agent.json (a backup, a tool's cache) is not a candidate.
  writeExport({ 'agent.json': '{ broken' }, path.join(repo, '.cache'));
  const fromRepo = await loadAgent(repo);
  assert.deepEqual([...fromRepo.flows.keys()], ['Default Start Flow']);
  assert.equal(fromRepo.flows.get('Default Start Flow')?.source.file, START);
  const fromFile = await loadAgent(path.join(root, 'agent.json'));
  assert.deepEqual({ ...fromFile, origin: '' }, { ...fromRepo, origin: '' });
});

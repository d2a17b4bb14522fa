import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { zipSync, type Zippable } from 'fflate';
import { loadAgent } from '../../../src/agent/index.ts';
import { isCxhookError } from '../../../src/errors/index.ts';
import { fixtureAgent, tempDir } from './helpers.ts';

/** Every file below `dir`, by `/`-separated relative path. */
function filesOf(dir: string, prefix = ''): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(files, filesOf(full, `${prefix}${entry.name}/`));
    else files[`${prefix}${entry.name}`] = readFileSync(full);
  }
  return files;
}

function writeZip(entries: Zippable, name = 'agent.zip'): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, zipSync(entries));
  return file;
}

const folder = fixtureAgent('goodbye-graffiti');

test('a zip with a wrapper folder and __MACOSX entries loads to the same model as the folder', async () => {
  const entries: Zippable = {};
  for (const [relative, bytes] of Object.entries(filesOf(folder))) {
    entries[`agent/${relative}`] = bytes;
    // What macOS's Archive Utility adds: resource forks that are not JSON, under __MACOSX/.
    entries[`__MACOSX/agent/${path.posix.dirname(relative)}/._${path.posix.basename(relative)}`] = new Uint8Array([0, 5, 22, 7, 0xff]);
  }
  entries['__MACOSX/agent/._agent.json'] = new Uint8Array([0xff, 0xfe, 0]);
  // Were these read, the first would be a second root and the second an intent that is not JSON.
  entries['__MACOSX/agent.json'] = new Uint8Array([0xff, 0xfe, 0]);
  entries['agent/intents/.trash/.trash.json'] = new TextEncoder().encode('{ not json');
  entries['agent/.DS_Store'] = new Uint8Array([0, 0, 0, 1]);
  const zip = writeZip(entries);

  const fromFolder = await loadAgent(folder);
  const fromZip = await loadAgent(zip);
  assert.equal(fromZip.origin, zip);
  assert.deepEqual({ ...fromZip, origin: '' }, { ...fromFolder, origin: '' });
  assert.equal(fromZip.flows.get('Address Collection')?.pages.get('> collect address')?.source.file, 'flows/Address Collection/pages/%3e collect address.json');
});

test('a zip whose root holds agent.json loads, with ./ prefixed names and non-JSON files ignored', async () => {
  const entries: Zippable = { 'README.md': new TextEncoder().encode('# not JSON') };
  for (const [relative, bytes] of Object.entries(filesOf(fixtureAgent('divebooker')))) entries[`./${relative}`] = bytes;
  const agent = await loadAgent(writeZip(entries));
  assert.equal(agent.startFlow, 'Liveaboards');
  assert.equal(agent.flows.get('Liveaboards')?.pages.get('Collect Further Info')?.form.length, 4);
});

test('a corrupt zip is CXH_ERR_AGENT_FILE for the zip itself', async () => {
  const good = zipSync({ 'agent.json': new TextEncoder().encode('{"defaultLanguageCode":"en"}') });
  const broken = path.join(tempDir(), 'broken.zip');
  writeFileSync(broken, good.subarray(0, good.length - 10));
  await assert.rejects(loadAgent(broken), (error: unknown) => {
    assert.ok(isCxhookError(error));
    assert.equal(error.code, 'CXH_ERR_AGENT_FILE');
    assert.deepEqual((error.details as { file: string; path: string }).file, broken);
    assert.match(error.message, /not a readable zip archive/);
    return true;
  });
});

test('a file that is neither a folder nor a zip is refused with a hint about BLOB exports', async () => {
  const blob = path.join(tempDir(), 'agent.blob');
  writeFileSync(blob, new Uint8Array([0x0a, 0x24, 0x12, 0x01]));
  await assert.rejects(loadAgent(blob), (error: unknown) => isCxhookError(error) && error.code === 'CXH_ERR_AGENT_FILE' && /BLOB/.test(error.message));
});

test('a zip whose JSON unpacks past maxUnzippedBytes is refused before it is unpacked', async () => {
  const zip = writeZip({ 'agent.json': new TextEncoder().encode(JSON.stringify({ defaultLanguageCode: 'en', pad: 'x'.repeat(4096) })) });
  await assert.rejects(loadAgent(zip, { maxUnzippedBytes: 1024 }), (error: unknown) => isCxhookError(error) && error.code === 'CXH_ERR_AGENT_FILE' && /more than 1024 bytes/.test(error.message));
  assert.equal((await loadAgent(zip)).defaultLanguageCode, 'en');
});

test('a zip without agent.json is CXH_ERR_AGENT_NOT_FOUND', async () => {
  const zip = writeZip({ 'flows/F/F.json': new TextEncoder().encode('{}') });
  await assert.rejects(loadAgent(zip), (error: unknown) => isCxhookError(error) && error.code === 'CXH_ERR_AGENT_NOT_FOUND');
});

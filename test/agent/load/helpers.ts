// Shared by the loader tests: the public fixture agents, and hand-made exports written to temp dirs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sharedFixture } from '../../../tools/support/shared-fixtures.ts';

/** The folder of one of the public fixture agents. */
export function fixtureAgent(name: 'goodbye-graffiti' | 'divebooker' | 'blood-donation'): string {
  return fileURLToPath(sharedFixture(`agents/${name}/`));
}

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp folder, removed when the test file ends. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cxhook-agent-'));
  made.push(dir);
  return dir;
}

/**
 * Writes `files` (path → JSON value, or a string written as it is) into a fresh temp folder.
 * @example writeExport({ 'agent.json': { defaultLanguageCode: 'en' } })
 */
export function writeExport(files: Record<string, unknown>, dir = tempDir()): string {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, ...relative.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** The smallest export that loads: an agent with a Default Start Flow, one page and one intent. */
export function minimalExport(): Record<string, unknown> {
  return {
    'agent.json': { defaultLanguageCode: 'en', timeZone: 'Europe/Paris' },
    'flows/Default Start Flow/Default Start Flow.json': {
      name: '00000000-0000-0000-0000-000000000000',
      displayName: 'Default Start Flow',
      transitionRoutes: [{ intent: 'Default Welcome Intent', targetPage: 'Menu', name: 'r1' }],
      eventHandlers: [{ event: 'sys.no-match-default', triggerFulfillment: { messages: [{ text: { text: ['Say again?'] }, languageCode: 'en' }] } }],
      nluSettings: { classificationThreshold: 0.30000001 },
    },
    'flows/Default Start Flow/pages/Menu.json': {
      name: 'p-menu',
      displayName: 'Menu',
      entryFulfillment: { messages: [{ text: { text: ['Menu'] }, languageCode: 'en' }] },
      transitionRoutes: [{ condition: 'true', targetPage: 'End Session' }],
    },
    'intents/Default Welcome Intent/Default Welcome Intent.json': { name: '00000000-0000-0000-0000-000000000000', displayName: 'Default Welcome Intent', priority: 500000 },
    'intents/Default Welcome Intent/trainingPhrases/en.json': { trainingPhrases: [{ parts: [{ text: 'hi' }], repeatCount: 1, languageCode: 'en' }] },
  };
}

/** Like JSON.stringify, with Maps written as objects, so nothing a Map holds is missed. */
export function stringifyModel(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (item instanceof Map ? Object.fromEntries(item) : item));
}

// Tests, bench and proof scripts find the project's shared fixtures the same way, wherever the
// repository was cloned; a missing folder is one clear error, not dozens of ENOENTs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findSharedDir, sharedFixture } from '../../tools/support/shared-fixtures.ts';

/** A scratch tree: `<top>/<names…>` folders made on request, removed after the test. */
function scratch(t: { after: (fn: () => void) => void }) {
  const top = mkdtempSync(path.join(os.tmpdir(), 'cxhook-shared-'));
  t.after(() => rmSync(top, { recursive: true, force: true }));
  return (...names: string[]) => {
    const dir = path.join(top, ...names);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
}

test('CXHOOK_SHARED_DIR names the shared folder; one without fixtures/ is refused with the variable named', (t) => {
  const dir = scratch(t);
  const given = dir('elsewhere');
  assert.throws(() => findSharedDir(dir('repo'), { CXHOOK_SHARED_DIR: given }), /CXHOOK_SHARED_DIR=.* has no fixtures\/ folder/);
  dir('elsewhere', 'fixtures');
  assert.equal(findSharedDir(dir('repo'), { CXHOOK_SHARED_DIR: given }), given);
});

test('shared/ beside the repository is found; a clone elsewhere finds the one beside the checkout it came from', (t) => {
  const dir = scratch(t);
  dir('work', 'shared', 'fixtures');
  assert.equal(findSharedDir(dir('work', 'main'), {}), path.join(dir('work'), 'shared'));
  // A clone in another folder, like `git clone -q ~/src/cxhook /tmp/fresh`.
  const clone = dir('tmp', 'fresh');
  execFileSync('git', ['init', '-q'], { cwd: clone });
  execFileSync('git', ['remote', 'add', 'origin', dir('work', 'main')], { cwd: clone });
  assert.equal(findSharedDir(clone, {}), path.join(dir('work'), 'shared'));
});

test('without any shared folder the error names where it looked and how to fix it', (t) => {
  const dir = scratch(t);
  assert.throws(() => findSharedDir(dir('lonely', 'repo'), {}), /shared\/ folder .* was not found at .*lonely.*shared: put it beside the repository, or set CXHOOK_SHARED_DIR/);
});

test('the fixtures the suite reads are where sharedFixture points', () => {
  assert.ok(existsSync(fileURLToPath(sharedFixture('requests/real-text-input-basic.json'))));
});

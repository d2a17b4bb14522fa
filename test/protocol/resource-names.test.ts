// CX resource names (spec §4): session paths parsed, page and flow names built from ids.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  flowOfPage,
  isFlowName,
  isPageName,
  parseSessionPath,
  resolveFlowName,
  resolvePageName,
  SYMBOLIC_PAGES,
} from '../../src/protocol/index.ts';

const AGENT = 'projects/my-proj/locations/us-central1/agents/0a84ae31';
const FLOW = `${AGENT}/flows/00000000-0000-0000-0000-000000000000`;
const CURRENT = `${FLOW}/pages/START_PAGE`;

describe('parseSessionPath', () => {
  test('splits a session path without an environment and omits environment', () => {
    const parts = parseSessionPath(`${AGENT}/sessions/38f72e-a22`);
    assert.deepEqual(parts, {
      project: 'my-proj',
      location: 'us-central1',
      agent: '0a84ae31',
      session: '38f72e-a22',
      agentName: AGENT,
    });
    assert.equal(parts && 'environment' in parts, false);
  });

  test('splits a session path with an environment (including the draft "-")', () => {
    assert.equal(parseSessionPath(`${AGENT}/environments/prod/sessions/s1`)?.environment, 'prod');
    const draft = parseSessionPath(`${AGENT}/environments/-/sessions/081G3K`);
    assert.equal(draft?.environment, '-');
    assert.equal(draft?.session, '081G3K');
    assert.equal(draft?.agentName, AGENT);
  });

  for (const path of [undefined, '', 'sessions/abc', `${AGENT}/sessions/`, `${AGENT}/sessions/a/b`, `${AGENT}/flows/f`]) {
    test(`returns undefined for ${JSON.stringify(path)}`, () => {
      assert.equal(parseSessionPath(path), undefined);
    });
  }
});

describe('resolvePageName', () => {
  test('a bare page id becomes a page of the current page flow', () => {
    assert.equal(resolvePageName('abc-123', { currentPage: CURRENT }), `${FLOW}/pages/abc-123`);
  });

  test('a full page name is returned unchanged', () => {
    const other = `${AGENT}/flows/other/pages/p9`;
    assert.equal(resolvePageName(other, { currentPage: CURRENT }), other);
    assert.equal(resolvePageName(other, {}), other);
  });

  for (const symbolic of SYMBOLIC_PAGES) {
    test(`the symbolic page ${symbolic} is built in the current flow`, () => {
      assert.equal(resolvePageName(symbolic, { currentPage: CURRENT, agentName: AGENT }), `${FLOW}/pages/${symbolic}`);
    });
  }

  test('is undefined when the request has no current page to take the flow from', () => {
    assert.equal(resolvePageName('abc', {}), undefined);
    assert.equal(resolvePageName('END_SESSION', { agentName: AGENT }), undefined);
    assert.equal(resolvePageName('abc', { currentPage: 'not/a/page' }), undefined);
  });

  test('is undefined for a partial path that is neither an id nor a full name', () => {
    assert.equal(resolvePageName('flows/f/pages/p', { currentPage: CURRENT }), undefined);
  });
});

describe('resolveFlowName', () => {
  test('a bare flow id becomes a flow of the session agent', () => {
    assert.equal(resolveFlowName('billing', { agentName: AGENT }), `${AGENT}/flows/billing`);
  });

  test('a full flow name is returned unchanged, even without context', () => {
    assert.equal(resolveFlowName(FLOW, {}), FLOW);
  });

  test('is undefined without an agent name to build from', () => {
    assert.equal(resolveFlowName('billing', {}), undefined);
    assert.equal(resolveFlowName('billing', { currentPage: CURRENT }), undefined);
  });

  test('a page name is not a flow name', () => {
    assert.equal(resolveFlowName(CURRENT, { agentName: AGENT }), undefined);
  });
});

describe('name predicates', () => {
  test('flowOfPage takes the flow of a page name and is undefined otherwise', () => {
    assert.equal(flowOfPage(CURRENT), FLOW);
    assert.equal(flowOfPage(FLOW), undefined);
    assert.equal(flowOfPage(undefined), undefined);
  });

  test('isFlowName and isPageName tell flows and pages apart', () => {
    assert.equal(isFlowName(FLOW), true);
    assert.equal(isFlowName(CURRENT), false);
    assert.equal(isPageName(CURRENT), true);
    assert.equal(isPageName(FLOW), false);
  });
});

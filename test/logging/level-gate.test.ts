// levelGate: a cached "is this level on", which must follow the logger's level when it changes at
// run time (an operator turning on debug logs without a restart).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Logger } from 'pino';
import { levelGate } from '../../src/logging/level-gate.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { makeApp, makeRequest, memoryLogger } from '../app/helpers.ts';

describe('levelGate', () => {
  test('follows the logger when its level changes', () => {
    const logger = createLogger({ level: 'warn' });
    const info = levelGate(logger, 'info');
    assert.equal(info(), false);
    logger.level = 'debug';
    assert.equal(info(), true);
    logger.level = 'error';
    assert.equal(info(), false);
  });

  test('asks a logger without levelVal every time', () => {
    let answer = false;
    let asked = 0;
    const logger = { isLevelEnabled: () => (asked++, answer) } as unknown as Logger;
    const info = levelGate(logger, 'info');
    assert.equal(info(), false);
    answer = true;
    assert.equal(info(), true);
    assert.equal(asked, 2);
  });

  test("an app logs its calls once the logger's level is raised to info, without a restart", async () => {
    const { logger, lines } = memoryLogger('warn');
    const app = makeApp({ logger });
    app.fallback((ctx) => ctx.reply.text('ok'));
    await app.inject(makeRequest());
    assert.equal(lines.filter((line) => line.msg === 'webhook call').length, 0);
    logger.level = 'info';
    await app.inject(makeRequest());
    assert.equal(lines.filter((line) => line.msg === 'webhook call').length, 1);
    logger.level = 'debug';
    await app.inject(makeRequest());
    assert.equal(lines.filter((line) => line.msg === 'webhook request').length, 1, 'debug also logs the request body');
  });
});

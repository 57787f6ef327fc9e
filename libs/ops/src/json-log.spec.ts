import { describe, expect, it } from '@jest/globals';
import { JsonLogger, jsonLogLine } from './json-log.js';

describe('structured logs (APP_LOG_FORMAT=json)', () => {
  const at = new Date('2026-12-06T01:02:03.000Z');

  it('puts the plan and step ids of the metadata in fields of their own, first', () => {
    const line = jsonLogLine('INFO', 'step overdue', { workflowId: 'step-HG-2023-I01.5', stepId: 'I01.5', planId: 'HG-2023' }, at);
    expect(line).toBe(
      '{"time":"2026-12-06T01:02:03.000Z","level":"info","msg":"step overdue","planId":"HG-2023","stepId":"I01.5","workflowId":"step-HG-2023-I01.5"}',
    );
  });

  it('spreads an object message and turns errors and big integers into text', () => {
    const parsed = JSON.parse(
      jsonLogLine('WARN', { msg: 'mail retried', planId: 'P', attempt: 2 }, { err: new Error('450 busy'), n: 10n }, at),
    );
    expect(parsed).toEqual({
      time: at.toISOString(),
      level: 'warn',
      msg: 'mail retried',
      planId: 'P',
      attempt: 2,
      err: '450 busy',
      n: '10',
    });
  });

  it("Nest's logger: one JSON line per call at the levels asked for, with the context", () => {
    const lines: string[] = [];
    const logger = new JsonLogger(['log', 'warn', 'error'], (l) => lines.push(l));
    logger.log('polling dondoc-steps', 'Worker');
    logger.debug('not asked for', 'Worker');
    logger.error('boom', 'Error: boom\n    at x', 'ExceptionsHandler');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { time: expect.any(String), level: 'log', msg: 'polling dondoc-steps', context: 'Worker' },
      { time: expect.any(String), level: 'error', msg: 'boom', context: 'ExceptionsHandler', stack: 'Error: boom\n    at x' },
    ]);
  });
});

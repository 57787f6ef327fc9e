import { describe, expect, it } from '@jest/globals';
import type { RecordTransitionInput, RecordTransitionResult } from '#libs/contracts/src/index.js';
import { recordThenDeliver } from './index.js';

const input: RecordTransitionInput = { planId: 'P', stepId: 'S1', seq: 2, transition: { kind: 'overdue' } };
const notice = { kind: 'overdue', plannedAt: '2023-04-07T17:00:00.000Z' };

/** The services of recordTimedTransition, faked: the transaction answers `keys` after `recordMs`, each call logged. */
function parts(keys: string[], o: { recordMs?: number; deliveryFails?: boolean } = {}) {
  const calls: string[] = [];
  const deliveries: { keys: string[]; budgetMs: number; notice?: unknown }[] = [];
  const d = {
    transitions: {
      record: async (i: RecordTransitionInput): Promise<RecordTransitionResult> => {
        calls.push(`record ${i.stepId}#${i.seq}`);
        await new Promise((r) => setTimeout(r, o.recordMs ?? 0));
        return { mailKeys: keys };
      },
    },
    mail: {
      deliver: async (k: string[], budgetMs?: number, n?: unknown) => {
        calls.push(`deliver ${k.join(',')}`);
        deliveries.push({ keys: k, budgetMs: budgetMs!, notice: n });
        if (o.deliveryFails) throw new Error('421 try again later');
        return { sent: k, failed: [] };
      },
    },
  };
  return { d, calls, deliveries };
}

describe('recordTimedTransition (recordThenDeliver): a timed transition and its mails in one activity', () => {
  it('records the transition, then delivers its mails with the notice, within what the transaction left of the budget', async () => {
    const { d, calls, deliveries } = parts(['P:S1:2:step-overdue:a', 'P:S1:2:step-overdue:b'], { recordMs: 50 });
    const result = await recordThenDeliver(d, input, notice, 40_000);
    expect(result.mailKeys).toHaveLength(2);
    expect(calls).toEqual(['record S1#2', 'deliver P:S1:2:step-overdue:a,P:S1:2:step-overdue:b']);
    expect(deliveries[0].notice).toEqual(notice);
    expect(deliveries[0].budgetMs).toBeLessThanOrEqual(40_000 - 45);
    expect(deliveries[0].budgetMs).toBeGreaterThan(30_000);
  });

  it('delivers nothing for a transition without mails (a notice to nobody)', async () => {
    const { d, calls } = parts([]);
    await recordThenDeliver(d, input, notice, 40_000);
    expect(calls).toEqual(['record S1#2']);
  });

  it('throws a failed delivery, so that Temporal retries the activity, which records (found recorded) and delivers again', async () => {
    const failing = parts(['k1'], { deliveryFails: true });
    await expect(recordThenDeliver(failing.d, input, notice, 40_000)).rejects.toThrow('421');
    const retry = parts(['k1']);
    await expect(recordThenDeliver(retry.d, input, notice, 40_000)).resolves.toEqual({ mailKeys: ['k1'] });
    expect([...failing.calls, ...retry.calls]).toEqual(['record S1#2', 'deliver k1', 'record S1#2', 'deliver k1']);
  });
});

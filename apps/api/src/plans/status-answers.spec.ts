import { describe, expect, it } from '@jest/globals';
import { StatusAnswers } from './status-answers.js';

describe('StatusAnswers', () => {
  const answer = (n: number) => ({ id: 'P', planNow: '2023-04-03T01:00:00.000Z', steps: [{ n, title: 'Việc "một"' }] });

  it('builds an answer once per tag and sends the kept JSON after, its planNow written fresh each time', async () => {
    const a = new StatusAnswers();
    let builds = 0;
    const build = async () => (builds++, answer(1));
    let now = 0;
    const planNow = () => `2023-04-03T01:00:0${now++}.000Z`;
    const first = JSON.parse(await a.json('P', 'W/"1"', planNow, build));
    const second = JSON.parse(await a.json('P', 'W/"1"', planNow, build));
    expect(builds).toBe(1);
    expect(first).toEqual({ ...answer(1), planNow: '2023-04-03T01:00:00.000Z' });
    expect(second).toEqual({ ...answer(1), planNow: '2023-04-03T01:00:01.000Z' });
    expect(Object.keys(second)).toEqual(['id', 'planNow', 'steps']);
    await a.json('P', 'W/"2"', planNow, async () => (builds++, answer(2)));
    expect(builds).toBe(2);
  });

  it('keeps an answer without a live planNow (a page of steps, a plan not running) as it is', async () => {
    const a = new StatusAnswers();
    expect(JSON.parse(await a.json('P', 't', () => null, async () => ({ planNow: null, items: [1] })))).toEqual({ planNow: null, items: [1] });
    expect(JSON.parse(await a.json('P', 't', () => 'x', async () => ({})))).toEqual({ planNow: null, items: [1] });
  });

  it('keeps nothing of a build that failed', async () => {
    const a = new StatusAnswers();
    await expect(a.json('P', 't', () => null, async () => { throw new Error('PLAN_NOT_FOUND'); })).rejects.toThrow('PLAN_NOT_FOUND');
    expect(a.size.answers).toBe(0);
  });

  it('is bounded: answers per plan, plans, and bytes; the least recently read goes first', async () => {
    const a = new StatusAnswers(10_000, 2, 3);
    const put = (plan: string, tag: string) => a.json(plan, tag, () => null, async () => ({ tag }));
    for (const t of ['1', '2', '3', '4']) await put('A', t);
    expect(a.size).toMatchObject({ plans: 1, answers: 3 });
    let builds = 0;
    await a.json('A', '1', () => null, async () => (builds++, { tag: '1' }));
    expect(builds).toBe(1); // the oldest of A went
    await put('B', '1');
    await a.json('A', '1', () => null, async () => (builds++, {})); // A read again: B is now the oldest
    await put('C', '1');
    expect(a.size.plans).toBe(2);
    await a.json('A', '1', () => null, async () => (builds++, {}));
    expect(builds).toBe(1);
    await a.json('B', '1', () => null, async () => (builds++, {}));
    expect(builds).toBe(2);
    const small = new StatusAnswers(400);
    await small.json('A', 'big', () => null, async () => ({ s: 'x'.repeat(100) }));
    expect(small.size.answers).toBe(0); // over a quarter of the budget: built every time
    for (const p of ['A', 'B', 'C', 'D', 'E']) await small.json(p, 't', () => null, async () => ({ s: 'y'.repeat(42) })); // 100 bytes each
    expect(small.size).toEqual({ plans: 4, answers: 4, bytes: 400 });
  });
});

import { describe, expect, it } from '@jest/globals';
import { bucketOf, isOpen, STATUS_BUCKETS, STEP_STATES } from './status.js';

// Due 07/04/2023: the period ends at 24:00 local (UTC+7), i.e. 2023-04-07T17:00:00Z.
const dueAt = new Date('2023-04-07T17:00:00.000Z');
const before = new Date('2023-04-05T03:00:00.000Z');
const after = new Date('2023-04-10T02:00:00.000Z');
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

describe('bucketOf', () => {
  it('gives completed_on_time for a step completed before its due instant, whatever the time is now', () => {
    expect(bucketOf({ state: 'completed', dueAt, completedAt: before }, after)).toBe('completed_on_time');
  });

  it('gives completed_late for a step completed after its due instant', () => {
    expect(bucketOf({ state: 'completed', dueAt, completedAt: ms(dueAt, 1) }, after)).toBe('completed_late');
  });

  it('gives open_on_time for an open step before its due instant', () => {
    expect(bucketOf({ state: 'assigned', dueAt }, before)).toBe('open_on_time');
    expect(bucketOf({ state: 'assigned', dueAt }, ms(dueAt, -1))).toBe('open_on_time');
  });

  it('gives open_overdue for an open step after its due instant', () => {
    expect(bucketOf({ state: 'assigned', dueAt }, ms(dueAt, 1))).toBe('open_overdue');
    expect(bucketOf({ state: 'assigned', dueAt }, after)).toBe('open_overdue');
  });

  it('covers all four official buckets', () => {
    const seen = new Set([
      bucketOf({ state: 'completed', dueAt, completedAt: before }, after),
      bucketOf({ state: 'completed', dueAt, completedAt: after }, after),
      bucketOf({ state: 'assigned', dueAt }, before),
      bucketOf({ state: 'assigned', dueAt }, after),
    ]);
    expect([...seen].sort()).toEqual([...STATUS_BUCKETS].sort());
  });

  it('counts a completion exactly at the due instant (24:00 of the due day) as on time', () => {
    expect(bucketOf({ state: 'completed', dueAt, completedAt: new Date(dueAt.getTime()) }, after)).toBe('completed_on_time');
  });

  it('treats submitted and returned steps as not completed', () => {
    for (const state of ['submitted', 'returned'] as const) {
      expect(bucketOf({ state, dueAt, completedAt: before }, before)).toBe('open_on_time');
      expect(bucketOf({ state, dueAt, completedAt: before }, after)).toBe('open_overdue');
    }
  });

  it('throws for a completed step without its completion instant', () => {
    expect(() => bucketOf({ state: 'completed', dueAt }, after)).toThrow(/completion instant/);
    expect(() => bucketOf({ state: 'completed', dueAt, completedAt: null }, after)).toThrow(/completion instant/);
  });
});

describe('isOpen', () => {
  it('is false only for completed and cancelled steps', () => {
    expect(STEP_STATES.filter((s) => !isOpen(s))).toEqual(['completed', 'cancelled']);
  });
});

describe('a cancelled step', () => {
  it('leaves the official buckets, whatever its dates', () => {
    const dueAt = new Date('2023-04-07T17:00:00Z');
    expect(bucketOf({ state: 'cancelled', dueAt }, new Date('2023-05-01T00:00:00Z'))).toBe('cancelled');
  });
});

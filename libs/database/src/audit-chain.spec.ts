import { describe, expect, it } from '@jest/globals';
import { auditKeyFrom, eventHashV1, eventHashV2, verifyChain, type ChainRow } from './audit-chain.js';

const key = auditKeyFrom('a-secret-of-at-least-thirty-two-characters');
const base = { planId: 'P', stepId: 'S', actor: null, note: null, atPlan: '2023-04-03T01:00:00.000Z', evidence: null };

/** A chain of `n` events, the first `v1` of them unkeyed (as the migration marked old events). */
function chain(n: number, v1 = 0): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev: string | null = null;
  for (let seq = 1; seq <= n; seq++) {
    const e = { ...base, seq, kind: seq === 1 ? 'assigned' : 'reminder', actedBy: seq <= v1 ? null : { kind: 'system' as const } };
    const version = seq <= v1 ? 1 : 2;
    const hash: string = version === 1 ? eventHashV1(prev, e) : eventHashV2(key, prev, e);
    rows.push({ ...e, prevHash: prev, hash, chainVersion: version });
    prev = hash;
  }
  return rows;
}

describe('the keyed audit chain', () => {
  it('verifies old unkeyed events followed by keyed ones, and counts the old ones', () => {
    expect(verifyChain(key, chain(5, 2))).toEqual({ valid: true, events: 5, v1Events: 2 });
  });

  it('derives the key from APP_SECRET: another secret does not verify, the same one does', () => {
    expect(verifyChain(auditKeyFrom('another-secret-of-at-least-thirty-two-chars'), chain(3))).toMatchObject({
      valid: false,
      brokenAtSeq: 1,
      code: 'HASH_MISMATCH',
    });
    expect(auditKeyFrom('x'.repeat(32)).equals(auditKeyFrom('x'.repeat(32)))).toBe(true);
  });

  it('covers who acted: changing the person breaks the hash', () => {
    const rows = chain(3);
    rows[1] = { ...rows[1], actedBy: { kind: 'user', userId: 'u', name: 'Trần Thị B', email: 'b@x.org' } };
    expect(verifyChain(key, rows)).toMatchObject({ valid: false, brokenAtSeq: 2, code: 'HASH_MISMATCH' });
  });

  it('finds an unkeyed event after a keyed one, a missing hash, a removed event, an unknown version', () => {
    const rows = chain(3);
    const forged = { ...base, seq: 4, kind: 'approved', actedBy: null };
    expect(
      verifyChain(key, [...rows, { ...forged, prevHash: rows[2].hash, hash: eventHashV1(rows[2].hash, forged), chainVersion: 1 }]),
    ).toMatchObject({ valid: false, brokenAtSeq: 4, code: 'VERSION_DOWNGRADE' });
    expect(verifyChain(key, [rows[0], { ...rows[1], hash: null }, rows[2]])).toMatchObject({ brokenAtSeq: 2, code: 'HASH_MISSING' });
    expect(verifyChain(key, [rows[0], rows[2]])).toMatchObject({ brokenAtSeq: 3, code: 'LINK_MISMATCH' });
    expect(verifyChain(key, [rows[0], { ...rows[1], chainVersion: 3 }])).toMatchObject({ brokenAtSeq: 2, code: 'VERSION_UNKNOWN' });
  });
});

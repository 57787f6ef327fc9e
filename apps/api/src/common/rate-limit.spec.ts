import { describe, expect, it } from '@jest/globals';
import { TokenBuckets } from './rate-limit.js';

describe('TokenBuckets', () => {
  it("lets a minute's allowance through at once, then refuses with the seconds until the next token", () => {
    let now = 0;
    const b = new TokenBuckets(6, () => now); // one token per 10 s
    for (let i = 0; i < 6; i++) expect(b.take('a')).toEqual({ ok: true, remaining: 5 - i });
    expect(b.take('a')).toEqual({ ok: false, retryAfterSeconds: 10 });
    now = 4_000;
    expect(b.take('a')).toEqual({ ok: false, retryAfterSeconds: 6 });
    now = 10_000;
    expect(b.take('a')).toMatchObject({ ok: true });
    expect(b.take('a')).toMatchObject({ ok: false });
  });

  it('keeps a bucket per client and never holds more than a minute of tokens', () => {
    let now = 0;
    const b = new TokenBuckets(2, () => now);
    expect(b.take('a').ok && b.take('a').ok).toBe(true);
    expect(b.take('a').ok).toBe(false);
    expect(b.take('b').ok).toBe(true);
    now = 3_600_000;
    expect([b.take('a').ok, b.take('a').ok, b.take('a').ok]).toEqual([true, true, false]);
  });

  it('forgets idle clients once there are many, and still limits the busy ones', () => {
    let now = 0;
    const b = new TokenBuckets(1, () => now, 2);
    expect(b.take('busy').ok).toBe(true);
    now = 30_000;
    expect(b.take('idle').ok).toBe(true);
    now = 61_000;
    expect(b.take('new').ok).toBe(true); // 'busy' is full again and forgotten; 'idle' is not
    expect(b.take('idle').ok).toBe(false);
  });
});

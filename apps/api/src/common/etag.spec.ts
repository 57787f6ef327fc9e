import { describe, expect, it } from '@jest/globals';
import { ifNoneMatch, weakEtag } from './etag.js';

describe('entity tags', () => {
  it('are weak, stable for the same parts and differ for others', () => {
    expect(weakEtag(['status', 'P', '12'])).toMatch(/^W\/"[A-Za-z0-9_-]{32}"$/);
    expect(weakEtag(['status', 'P', '12'])).toBe(weakEtag(['status', 'P', '12']));
    expect(weakEtag(['status', 'P', '13'])).not.toBe(weakEtag(['status', 'P', '12']));
  });

  it('If-None-Match matches by weak comparison, in a list, or with *', () => {
    const tag = 'W/"abc"';
    expect(ifNoneMatch('W/"abc"', tag)).toBe(true);
    expect(ifNoneMatch('"abc"', tag)).toBe(true);
    expect(ifNoneMatch('"x", W/"abc"', tag)).toBe(true);
    expect(ifNoneMatch('*', tag)).toBe(true);
    expect(ifNoneMatch('W/"abd"', tag)).toBe(false);
    expect(ifNoneMatch(undefined, tag)).toBe(false);
  });
});

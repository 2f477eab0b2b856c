import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bigramKeys, bigramSet, keyOverlap, overlap } from '../../src/text/bigrams.js';

describe('bigram keys', () => {
  it('give the same overlap as bigram sets, pair by pair', () => {
    const texts = readdirSync('knowledge')
      .flatMap((f) => readFileSync(`knowledge/${f}`, 'utf8').split(/\n\s*\n/))
      .filter((t) => t.trim().length > 0)
      .slice(0, 60);
    texts.push('', '一', '光伏 光伏光伏', '𠮷野家𠮷野家 and 𠮷', 'abcabc', 'ab ca bc');
    let compared = 0;
    for (const a of texts) {
      for (const b of texts) {
        expect(keyOverlap(bigramKeys(a), bigramKeys(b))).toBe(overlap(bigramSet(a), bigramSet(b)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('are the distinct bigrams, sorted', () => {
    const keys = bigramKeys('光伏光伏 光');
    expect(keys.length).toBe(bigramSet('光伏光伏 光').size);
    expect([...keys]).toEqual([...keys].sort((x, y) => x - y));
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { foldChangesNothing, foldToSimplified, toSimplifiedScript } from '../../src/text/script.js';

describe('folding without converting what needs no conversion', () => {
  it('knows when OpenCC would change a text: characters, phrases of unchanged characters, astral ones', () => {
    expect(foldChangesNothing('山西省综改示范区今年的年度计划投资')).toBe(true);
    expect(foldChangesNothing('綜改示範區')).toBe(false);
    // Each character folds to itself, the phrase does not: 反覆 → 反复.
    expect(toSimplifiedScript('反覆')).not.toBe('反覆');
    expect(foldChangesNothing('数据反覆核对')).toBe(false);
    expect(foldChangesNothing('GDP 5.2%，abc')).toBe(true);
  });

  it('folds every text exactly as OpenCC does', () => {
    const texts = readdirSync('knowledge').flatMap((f) => readFileSync(`knowledge/${f}`, 'utf8').split('\n'));
    const samples = [...texts, ...texts.map((t) => t.replace(/[综区发展经济]/g, (c) => ({ 综: '綜', 区: '區', 发: '發', 展: '展', 经: '經', 济: '濟' })[c]!)), '一目瞭然', '乾隆', '𠮷野家', '豈有此理'];
    let unchanged = 0;
    for (const t of samples) {
      expect(foldToSimplified(t)).toBe(toSimplifiedScript(t));
      if (foldChangesNothing(t)) unchanged++;
    }
    expect(unchanged).toBeGreaterThan(100);
  });
});

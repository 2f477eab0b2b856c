import { afterAll, describe, expect, it } from 'vitest';
import { extractiveAnswer } from '../../src/answer/extractive.js';
import { compactForMatch } from '../../src/text/normalize.js';
import { detectScript } from '../../src/text/script.js';
import { search } from '../../src/retrieval/query/search.js';
import { openTestIndex, removeDir } from '../helpers.js';

describe('offline extractive answers', async () => {
  const { index, dataDir } = await openTestIndex();
  afterAll(() => removeDir(dataDir));
  const answer = async (q: string) => extractiveAnswer(q, (await search(index, q)).hits);

  it('answers from the passages, every marker pointing at a passage that contains the sentence before it', async () => {
    const a = await answer('综改示范区今年的年度计划投资是多少？');
    expect(a.refused).toBe(false);
    expect(a.text).toContain('232.2亿元');
    const pieces = [...a.text.matchAll(/([^[\]]+)\[(\d+)\]/g)];
    expect(pieces.length).toBeGreaterThan(0);
    for (const [, sentence, n] of pieces) {
      const cited = a.citations.find((c) => c.n === Number(n))!;
      expect(compactForMatch(cited.passage.text)).toContain(compactForMatch(sentence!));
    }
  });

  it('refuses an off-topic question', async () => {
    const a = await answer('锦波生物去年的营业收入是多少？');
    expect(a.refused).toBe(true);
    expect(a.citations).toEqual([]);
    expect(a.text).toMatch(/没有找到/);
  });

  it('answers a Traditional question in Traditional script', async () => {
    const a = await answer('2023年轉型綜改示範區累計培育了多少市場主體？');
    expect(a.refused).toBe(false);
    expect(a.text).toContain('5.9萬戶');
    expect(detectScript(a.text.replace(/\[\d+\]/g, ''))).toBe('traditional');
  });

  it('answers a Simplified question in Simplified even when the source is Traditional', async () => {
    const a = await answer('太钢2024年特钢产品营收占比有多高？');
    expect(a.text).toContain('特钢产品营收占比超70%');
    expect(a.citations[0]!.passage.text).toContain('特鋼產品營收占比超70%');
  });
});

import { describe, expect, it } from 'vitest';
import { Fts5Baseline, fixedChunks, orQuery } from '../../src/eval/fts5-baseline.js';

describe('Fts5Baseline', () => {
  it('ranks the passage that matches the question first', () => {
    const baseline = Fts5Baseline.build([
      { id: 'weather', text: '今天太原天气晴朗，气温适宜，适合出行。' },
      { id: 'court', text: '广州法院提出了18条措施，优化营商环境，保护民营企业合法权益。' },
      { id: 'sports', text: '山西队在篮球联赛中取得三连胜。' },
    ]);
    try {
      expect(baseline.chunks).toBe(3);
      const hits = baseline.search('广州法院提出了多少条措施？', 3);
      expect(hits[0]?.docId).toBe('court');
      expect(hits.map((h) => h.docId)).not.toContain('sports');
      expect(baseline.search('？！', 3)).toEqual([]);
    } finally {
      baseline.close();
    }
  });

  it('cuts fixed-size chunks by characters and quotes query tokens', () => {
    expect(fixedChunks('一二三四五', 2)).toEqual(['一二', '三四', '五']);
    expect(orQuery(['法院', 'a"b', '法院'])).toBe('"法院" OR "a""b"');
  });
});

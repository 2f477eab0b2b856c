import { describe, expect, it } from 'vitest';
import { figureInEnglish, termInEnglish } from '../../src/text/english-figures.js';

describe('Chinese figures in English sentences', () => {
  it('keeps the figure as written and adds an exact conversion', () => {
    expect(figureInEnglish('3384.5万千瓦')).toBe('3,384.5 万千瓦 (33.8 GW)');
    expect(figureInEnglish('450亿元')).toBe('450亿元 (45 billion yuan)');
    expect(figureInEnglish('1.2万亿元')).toBe('1.2万亿元 (1.2 trillion yuan)');
    expect(figureInEnglish('2000万元')).toBe('2,000 万元 (20 million yuan)');
    expect(figureInEnglish('232.2亿元')).toBe('232.2亿元 (23.22 billion yuan)');
    expect(figureInEnglish('20万元')).toBe('20万元 (200,000 yuan)');
    expect(figureInEnglish('8000万千瓦时')).toBe('8,000 万千瓦时 (80 GWh)');
    expect(figureInEnglish('15685万吨')).toBe('15,685 万吨 (157 million tons)');
    expect(figureInEnglish('45亩')).toBe('45亩 (3 ha)');
    expect(figureInEnglish('10.7万个')).toBe('10.7万个 (107,000)');
  });

  it('marks approximate and qualified figures, and leaves the rest alone', () => {
    expect(figureInEnglish('100多项')).toBe('100多项 (100+)');
    expect(figureInEnglish('600余家')).toBe('600余家 (600+)');
    expect(figureInEnglish('超1000亿元')).toBe('超1,000 亿元 (over 100 billion yuan)');
    expect(figureInEnglish('30%')).toBe('30%');
    expect(figureInEnglish('4356户')).toBe('4356户');
    expect(figureInEnglish('56GW')).toBe('56GW');
    expect(figureInEnglish('山西')).toBe('山西');
  });

  it('names Chinese terms in English: glossary first, then CC-CEDICT', () => {
    expect(termInEnglish('综改示范区')).toBe('comprehensive reform demonstration zone');
    expect(termInEnglish('专业镇')).toBe('specialized town');
    expect(termInEnglish('碳纤维')).toBe('carbon fiber');
    expect(termInEnglish('气凝胶')).toBe('aerogel');
    expect(termInEnglish('投资')).toBe('investment');
    expect(termInEnglish('營業收入')).toBe('revenue');
    expect(termInEnglish('不存在的词汇')).toBeUndefined();
    expect(termInEnglish('')).toBeUndefined();
  });
});

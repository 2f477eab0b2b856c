import { describe, expect, it } from 'vitest';
import { chineseNumeral, figuresIn, unsupportedFigures, yearsIn } from '../../src/text/figures.js';

const read = (text: string) => figuresIn(text).map((f) => `${f.value}|${f.unit}|${f.kind}${f.approximate ? '~' : ''}`);

describe('figures as values with units', () => {
  it('reads Arabic and Chinese numerals with 万/亿 multipliers', () => {
    expect(read('装机规模达3384.5万千瓦')).toEqual(['33845000|千瓦|quantity']);
    expect(read('五千亿元')).toEqual(['500000000000|元|quantity']);
    expect(read('培育盆栽玫瑰120万盆，线上1.26亿元')).toEqual(['1200000|盆|quantity', '126000000|元|quantity']);
    expect(chineseNumeral('一千二百三十')).toBe(1230);
    expect(chineseNumeral('两万')).toBe(20000);
  });

  it('reads percentages, approximations, years and dates', () => {
    expect(read('占总装机31.2%，百分之三十')).toEqual(['31.2|%|percent', '30|%|percent']);
    expect(read('项目100多项，总投资超1000亿元')).toEqual(['100|项|quantity~', '100000000000|元|quantity~']);
    expect(read('2021年5月27日印发')).toEqual(['20210527|日|date']);
    expect(yearsIn('2018年至2021年上半年')).toEqual([2018, 2021]);
  });

  it('does not read plan names, labels or model numbers as figures', () => {
    expect(figuresIn('十四五规划，三化改革')).toEqual([]);
    expect(figuresIn('5G网络')).toEqual([]);
  });

  it('finds figures a claim states that its sources do not hold, by value and unit', () => {
    const raw = (claim: string, sources: string[]) => unsupportedFigures(claim, sources).map((f) => f.raw);
    expect(raw('总投资五千亿元', ['总投资500亿元'])).toEqual(['五千亿元']);
    expect(raw('有100万亿', ['项目100多项'])).toEqual(['100万亿']);
    expect(raw('投资500亿元', ['投资5000000万元'])).toEqual([]);
    expect(raw('投资２３２.２亿元，项目100多项', ['年度计划投资232.2亿元,项目100多项'])).toEqual([]);
    expect(raw('投资232亿元', ['年度计划投资232.2亿元'])).toEqual(['232亿元']);
  });
});

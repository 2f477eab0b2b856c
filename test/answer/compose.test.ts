import { afterAll, describe, expect, it } from 'vitest';
import { Answerer } from '../../src/answer/pipeline.js';
import { compactForMatch } from '../../src/text/normalize.js';
import { detectScript } from '../../src/text/script.js';
import { openTestIndex, removeDir } from '../helpers.js';

/** Every "…[n]" piece of an answer is a verbatim quote of passage n (script folded). */
function expectQuotesVerbatim(answer: { text: string; citations: Array<{ n: number; passage: { text: string } }> }) {
  const pieces = [...answer.text.matchAll(/([^[\]\n]+)\[(\d+)\]/g)];
  expect(pieces.length).toBeGreaterThan(0);
  for (const [, sentence, n] of pieces) {
    const cited = answer.citations.find((c) => c.n === Number(n))!;
    expect(compactForMatch(cited.passage.text)).toContain(compactForMatch(sentence!));
  }
}

describe('composed offline answers', async () => {
  const { index, dataDir } = await openTestIndex();
  afterAll(() => removeDir(dataDir));
  const answerer = new Answerer({ index: () => index, k: 5 });

  it('leads with the sentence holding the asked figure, quoted verbatim and cited', async () => {
    const a = await answerer.answer('综改示范区今年的年度计划投资是多少？');
    expect(a.outcome).toBe('answer');
    expect(a.text.split('[')[0]).toContain('232.2亿元');
    expectQuotesVerbatim(a);
  });

  it('quotes no fragments: no furniture, no rhetorical questions, no reporter framing', async () => {
    for (const q of ['省工信厅是怎么定义未来产业的？', '山西的未来产业发展规划是哪年出的？', '清徐醋2023年全产业链产值多少？']) {
      const a = await answerer.answer(q);
      for (const [, sentence] of a.text.matchAll(/([^[\]\n]+)\[\d+\]/g)) {
        expect(sentence).not.toMatch(/^[◆…,，、]|[？?]$|告诉笔者/);
      }
    }
  });

  it('answers each part of a two-part question, or says which part the documents do not answer', async () => {
    const a = await answerer.answer('2023年山西规上高技术制造业营收有多少？比2018年涨了多少？');
    expect(a.outcome).toBe('answer');
    expect(a.text).toContain('1826.54');
    expect(a.text).toMatch(/40\.7/);
    const partial = await answerer.answer('清徐美锦华盛那个焦炉煤气制氢项目建成后能供多少辆车用？负责人姚俊卿是哪年出生的？');
    expect(partial.outcome).toBe('partial');
    expect(partial.text).toContain('5500');
    expect(partial.text).toMatch(/没有找到：.*出生/);
  });

  it('refuses a near miss: the project is named, the asked figure is not given', async () => {
    const a = await answerer.answer('泰山玻纤项目第一条生产线是哪天正式点火投产的？');
    expect(a.outcome).toBe('refused');
    expect(a.citations).toEqual([]);
    expect(a.text).toMatch(/没有找到/);
  });

  it('answers a Traditional question in Traditional script', async () => {
    const a = await answerer.answer('2023年轉型綜改示範區累計培育了多少市場主體？');
    expect(a.refused).toBe(false);
    expect(a.text).toContain('5.9萬戶');
    expect(detectScript(a.text.replace(/\[\d+\]/g, ''))).toBe('traditional');
  });

  it('answers a Simplified question in Simplified even when the source is Traditional', async () => {
    const a = await answerer.answer('太钢2024年特钢产品营收占比有多高？');
    expect(a.text).toContain('特钢产品营收占比超70%');
    expect(a.citations[0]!.passage.text).toContain('特鋼產品營收占比超70%');
  });

  it('gives an English question an English first sentence built from the quoted figure', async () => {
    const a = await answerer.answer('How much is the annual planned investment of the Shanxi Comprehensive Reform Demonstration Zone this year?');
    expect(a.outcome).toBe('answer');
    expect(a.text.split('\n')[0]).toMatch(/^The documents give .*232\.2亿元 \(23\.22 billion yuan\).*\[1\]/);
  });
});

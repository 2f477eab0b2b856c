import { describe, expect, it } from 'vitest';
import { crudItems, isHeldOutSource } from '../../src/eval/crud-kb.js';
import {
  citationSupport,
  citedSentences,
  goldRank,
  keywordHit,
  percentile,
  rankFigures,
  sourceAt,
  summarize,
  type QuestionResult,
} from '../../src/eval/metrics.js';
import type { EvalItem, Gold } from '../../src/eval/sets.js';

const quotes: Gold = { kind: 'quotes', quotes: [{ doc: 'a.txt', quote: '年度计划投资 232.2亿元' }], keywords: ['232.2', '亿元'] };
const answers: Gold = { kind: 'answers', answers: ['18条'], doc: 'dup1' };
const passage = (docId: string, text: string, id = `${docId}#0`) => ({ id, docId, text });

describe('goldRank', () => {
  it('finds the first passage of the gold document holding the quote, ignoring whitespace and script', () => {
    const passages = [passage('b.txt', '年度计划投资232.2亿元'), passage('a.txt', '无关'), passage('a.txt', '今年年度計劃投資232.2億元。')];
    expect(goldRank(quotes, passages)).toBe(3);
    expect(goldRank(quotes, passages.slice(0, 2))).toBeUndefined();
  });

  it('CRUD: a passage holding a gold answer string, whitespace removed, from any article', () => {
    expect(goldRank(answers, [passage('x.txt', '无关'), passage('y.txt', '提出了 18 条措施')])).toBe(2);
  });
});

describe('rankFigures and percentile', () => {
  it('computes hit@1, hit@5 and MRR over ranks, misses counting zero', () => {
    const f = rankFigures([1, 2, 6, undefined]);
    expect(f.hit1).toBe(0.25);
    expect(f.hit5).toBe(0.5);
    expect(f.mrr).toBeCloseTo((1 + 1 / 2 + 1 / 6) / 4);
    expect(rankFigures([]).hit1).toBeNull();
  });

  it('takes the nearest-rank percentile', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 95)).toBe(5);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('sourceAt and keywordHit', () => {
  it('source@5 compares the article id with the knowledge file name', () => {
    const top = [1, 2, 3, 4, 5, 6].map((i) => passage(`n${i}.txt`, ''));
    expect(sourceAt(answers, [...top.slice(0, 4), passage('dup1.txt', '')], 5)).toBe(true);
    expect(sourceAt(answers, [...top.slice(0, 5), passage('dup1.txt', '')], 5)).toBe(false);
    expect(sourceAt(quotes, top, 5)).toBeUndefined();
  });

  it('needs every keyword in a policy answer, any gold string in a CRUD answer', () => {
    expect(keywordHit(quotes, '年度计划投资232.2億元[1]')).toBe(true);
    expect(keywordHit(quotes, '年度计划投资232亿元[1]')).toBe(false);
    expect(keywordHit(answers, '共 18 条[1]')).toBe(true);
    expect(keywordHit(answers, '共十八条')).toBe(false);
  });
});

describe('citationSupport', () => {
  const citations = [
    { n: 1, passage: { text: '今年山西综改示范区谋划产业建设项目100多项，总投资超1000亿元，年度计划投资232.2亿元。' } },
    { n: 2, passage: { text: '世界500强企业有137家在晋投资兴业。' } },
  ];

  it('cuts the answer at markers, each sentence carrying the markers after it', () => {
    expect(citedSentences('甲。[1]乙，丙。[1, 2]丁')).toEqual([
      { text: '甲。', markers: [1] },
      { text: '乙，丙。', markers: [1, 2] },
      { text: '丁', markers: [] },
    ]);
  });

  it('counts quoted sentences found in a cited passage, in either script', () => {
    const s = citationSupport('年度计划投资232.2亿元。[1]世界500強企業有137家在晉投資興業。[2]', citations);
    expect(s).toEqual({ sentences: 2, supported: 2 });
  });

  it('does not count a sentence quoted from a passage it does not cite, nor one without a marker', () => {
    expect(citationSupport('世界500强企业有137家在晋投资兴业。[1]', citations)).toEqual({ sentences: 1, supported: 0 });
    expect(citationSupport('年度计划投资232.2亿元。', citations)).toEqual({ sentences: 1, supported: 0 });
    expect(citationSupport('年度计划投资232.2亿元，同比翻番。[1]', citations)).toEqual({ sentences: 1, supported: 0 });
  });

  it('accepts a sentence that is not a quote when its numbers are in the cited passage', () => {
    expect(citationSupport('The annual planned investment is 232.2 (100 million yuan). 年度计划投资232.2亿元。[1]', citations)).toEqual({
      sentences: 2,
      supported: 2,
    });
    expect(citationSupport('The annual planned investment is 233 (100 million yuan).[1]', citations)).toEqual({ sentences: 1, supported: 0 });
  });
});

describe('summarize', () => {
  const item = (id: string, answerable: boolean, lang = 'zh-Hans'): EvalItem => ({ id, set: 't', lang, type: 'fact', question: id, answerable, gold: quotes });
  const result = (i: EvalItem, outcome: QuestionResult['outcome'], extra: Partial<QuestionResult> = {}): QuestionResult => ({
    item: i,
    outcome,
    keywordHit: outcome !== 'refused',
    support: outcome === 'refused' ? { sentences: 0, supported: 0 } : { sentences: 2, supported: 1 },
    ms: 10,
    ...extra,
  });

  it('computes refusal precision and recall, false refusals, partials, keyword hit and support', () => {
    const rows = [
      result(item('a', true), 'answer', { rank: 1 }),
      result(item('b', true), 'refused', { rank: 3 }),
      result(item('c', true), 'partial'),
      result(item('d', false), 'refused'),
      result(item('e', false), 'answer'),
    ];
    const m = summarize(rows);
    expect(m).toMatchObject({ n: 5, answerable: 3, unanswerable: 2, refused: 2, partial: 1 });
    expect(m.refusalPrecision).toBe(0.5);
    expect(m.refusalRecall).toBe(0.5);
    expect(m.falseRefusals).toBeCloseTo(1 / 3);
    expect(m.keywordHit).toBeCloseTo(2 / 3);
    expect(m.hit1).toBeCloseTo(1 / 3);
    expect(m.hit5).toBeCloseTo(2 / 3);
    expect(m.citationSupport).toBe(0.5);
    expect(m.refusalPrecision).not.toBeNull();
  });

  it('leaves a figure empty when its denominator is', () => {
    const m = summarize([result(item('a', true), 'answer', { rank: 1 })]);
    expect(m.refusalPrecision).toBeNull();
    expect(m.refusalRecall).toBeNull();
    expect(m.source5).toBeNull();
  });
});

describe('crudItems', () => {
  const q = (id: string, doc: string, answer: string) => ({ id, question: id, answers: [answer], doc, set: '2d' });

  it('labels held-out questions by reprints and answer strings, leaving out the doubtful ones', () => {
    const articles = [
      { id: 'kept', text: '广州法院提出了 18 条措施。' },
      { id: 'other', text: '李 丰当选主席。' },
      { id: 'reprint', text: '转载：蔡奇指出……' },
    ];
    const { items, leftOut } = crudItems(
      [q('q1', 'kept', '18条'), q('q2', 'gone', '李丰'), q('q3', 'gone', '王五'), { ...q('q4', 'gone', '蔡奇'), alt: ['reprint'] }],
      articles,
    );
    expect(items.map((i) => [i.id, i.answerable, i.sourceHeldOut ?? false])).toEqual([
      ['q1', true, false],
      ['q3', false, true],
      ['q4', true, true],
    ]);
    expect(leftOut.map((x) => x.id)).toEqual(['q2']);
    expect(items[0]!.type).toBe('2d');
  });

  it('holds out a fixed share of the sources, the same on every run', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `dup${i}_1-${i}`);
    const held = ids.filter(isHeldOutSource);
    expect(held.length).toBeGreaterThan(150);
    expect(held.length).toBeLessThan(250);
    expect(ids.filter(isHeldOutSource)).toEqual(held);
  });
});

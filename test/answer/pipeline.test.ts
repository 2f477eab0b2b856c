import { afterAll, describe, expect, it } from 'vitest';
import { checkCitations, unsupportedFigures } from '../../src/answer/citations.js';
import { askedUnit } from '../../src/answer/evidence.js';
import { carryOverTerms, looksLikeFollowUp } from '../../src/answer/follow-up.js';
import { Answerer } from '../../src/answer/pipeline.js';
import { compactForMatch } from '../../src/ingest/normalize.js';
import { openTestIndex, removeDir } from '../helpers.js';

describe('citation checks', () => {
  it('removes markers that point at no passage and renumbers the rest in order of use', () => {
    const r = checkCitations('甲[3]。乙[0][7]，丙【3】［2］。丁[2, 9]。', 5);
    expect(r.text).toBe('甲[1]。乙，丙[1][2]。丁[2]。');
    expect(r.cited).toEqual([3, 2]);
    expect(r.removed).toBe(3);
  });

  it('finds figures the sources do not contain, full-width digits included', () => {
    expect(unsupportedFigures('投资２３２.２亿元[1]，项目100多项', ['年度计划投资232.2亿元,项目100多项'])).toEqual([]);
    expect(unsupportedFigures('投资232亿元', ['年度计划投资232.2亿元'])).toEqual(['232']);
    expect(unsupportedFigures('第2024年', ['2024年'])).toEqual([]);
  });

  it('reads the unit a quantity question asks for', () => {
    expect(askedUnit('项目总投资多少亿元?')).toBe('亿元');
    expect(askedUnit('有几家企业')).toBe('家');
    expect(askedUnit('签了多少招商项目')).toBeUndefined();
  });
});

describe('follow-ups offline', () => {
  it('recognises follow-ups and carries the previous question\'s key terms', () => {
    expect(looksLikeFollowUp('那太原呢？')).toBe(true);
    expect(looksLikeFollowUp('What about Taiyuan?')).toBe(true);
    expect(looksLikeFollowUp('中北高新区现在有多少家不锈钢加工企业？')).toBe(false);
    const q = carryOverTerms('那太原呢？', { question: '综改示范区今年的年度计划投资是多少？', answer: '' });
    expect(q).toContain('示范区');
    expect(q).toContain('投资');
    expect(q.endsWith('那太原呢？')).toBe(true);
  });
});

describe('the offline pipeline', async () => {
  const { index, dataDir } = await openTestIndex();
  afterAll(() => removeDir(dataDir));
  const answerer = new Answerer({ index: () => index, k: 5 });

  it('answers a follow-up about the previous topic', async () => {
    const first = await answerer.answer('中北高新区现在有多少家不锈钢加工企业？');
    expect(first.refused).toBe(false);
    const follow = await answerer.answer('那碳纤维呢？', { previous: { question: first.question, answer: first.text } });
    expect(follow.standalone).not.toBe('那碳纤维呢？');
    expect(follow.refused).toBe(false);
    expect(follow.text).toMatch(/碳纤维/);
  });

  it('refuses a quantity question when no passage about the subject gives a figure in the asked unit', async () => {
    const a = await answerer.answer('侯马开发区的正大制管薄壁钢管项目总投资是多少亿元？');
    expect(a.refused).toBe(true);
    expect(a.evidence.reason).toMatch(/亿元/);
    expect(a.text).toMatch(/没有找到/);
  });

  it('briefs a topic with cited points from more than one document', async () => {
    const b = await answerer.brief('新材料');
    expect(b.refused).toBe(false);
    const points = b.text.split('\n').filter((l) => l.startsWith('• '));
    expect(points.length).toBeGreaterThanOrEqual(3);
    expect(points.length).toBeLessThanOrEqual(6);
    expect(new Set(b.citations.map((c) => c.passage.docId)).size).toBeGreaterThan(1);
    for (const line of points) {
      const [, sentence, n] = /^• (.+)\[(\d+)\]$/.exec(line)!;
      const cited = b.citations.find((c) => c.n === Number(n))!;
      expect(compactForMatch(cited.passage.text)).toContain(compactForMatch(sentence!));
    }
  });

  it('describes the knowledge base when /brief has no topic', async () => {
    const b = await answerer.brief('');
    for (const d of index.listDocuments()) expect(b.text).toContain(d.meta.title);
  });
});

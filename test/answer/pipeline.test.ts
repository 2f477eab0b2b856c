import { afterAll, describe, expect, it } from 'vitest';
import { checkCitations } from '../../src/answer/citations.js';
import { judgeModelReply } from '../../src/answer/model-answer.js';
import { Answerer } from '../../src/answer/pipeline.js';
import { search } from '../../src/retrieval/query/search.js';
import { compactForMatch } from '../../src/text/normalize.js';
import { openTestIndex, removeDir } from '../helpers.js';

describe('citation checks', () => {
  it('removes markers that point at no passage and renumbers the rest in order of use', () => {
    const r = checkCitations('甲[3]。乙[0][7]，丙【3】［2］。丁[2, 9]。', 5);
    expect(r.text).toBe('甲[1]。乙，丙[1][2]。丁[2]。');
    expect(r.cited).toEqual([3, 2]);
    expect(r.removed).toBe(3);
  });
});

describe('the offline pipeline', async () => {
  const { index, dataDir } = await openTestIndex();
  afterAll(() => removeDir(dataDir));
  const answerer = new Answerer({ index: () => index, k: 5 });

  it('answers a follow-up about the previous topic', async () => {
    const first = await answerer.answer('阳曲县碳纤维专业镇主要依托哪家企业的优势？');
    expect(first.text).toContain('山西钢科');
    const follow = await answerer.answer('那小店区电机小镇呢？', { previous: { question: first.standalone, answer: first.text } });
    expect(follow.analysed.followUp?.reason).toBe('continuation');
    expect(follow.standalone).toMatch(/依托/);
    expect(follow.refused).toBe(false);
    expect(follow.text).toMatch(/山西电机/);
    // A follow-up whose new subject the documents do not cover is refused, not answered with the old topic.
    const other = await answerer.answer('那碳纤维呢？', { previous: { question: '中北高新区现在有多少家不锈钢加工企业？', answer: '' } });
    expect(other.text).not.toContain('50多家不锈钢');
  });

  it('does not treat a short new question as a follow-up', async () => {
    const first = await answerer.answer('综改示范区今年的年度计划投资是多少？');
    const next = await answerer.answer('晋华炉获过什么奖？', { previous: { question: first.standalone, answer: first.text } });
    expect(next.analysed.followUp).toBeUndefined();
    expect(next.text).not.toContain('232.2');
    expect(next.text).toMatch(/金奖/);
  });

  it('drops a model sentence whose figure its cited passage does not hold, compared as a number with its unit', async () => {
    const { hits } = await search(index, '综改示范区 年度计划投资');
    const n = hits.findIndex((h) => h.passage.text.includes('232.2亿元')) + 1;
    expect(n).toBeGreaterThan(0);
    const verdict = judgeModelReply(`年度计划投资232.2亿元[${n}]。总投资五千亿元[${n}]。`, hits);
    expect(verdict.kind).toBe('answer');
    if (verdict.kind !== 'answer') return;
    expect(verdict.text).toContain('232.2亿元[1]');
    expect(verdict.text).not.toContain('五千亿元');
    expect(verdict.dropped).toEqual(['五千亿元']);
    expect(judgeModelReply(`总投资五千亿元[${n}]。`, hits).kind).toBe('ungrounded');
  });

  it('refuses a quantity question when no passage about the subject gives a figure in the asked unit', async () => {
    const a = await answerer.answer('侯马开发区的正大制管薄壁钢管项目总投资是多少亿元？');
    expect(a.refused).toBe(true);
    expect(a.judgement.parts[0]!.reason).toMatch(/元/);
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

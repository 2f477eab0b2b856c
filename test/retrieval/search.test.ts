import { afterAll, describe, expect, it } from 'vitest';
import { containsQuote, readEvalSet } from '../../src/eval/sets.js';
import { retrieve } from '../../src/answer/retrieve.js';
import { analyse } from '../../src/query/analyse.js';
import { lexiconOf } from '../../src/query/index-lexicon.js';
import { search } from '../../src/retrieval/query/search.js';
import { openTestIndex, removeDir } from '../helpers.js';

describe('hybrid retrieval over the five policy documents', async () => {
  const { index, dataDir } = await openTestIndex();
  afterAll(() => removeDir(dataDir));
  const dev = await readEvalSet('eval/dev.jsonl');

  it.each(['d001', 'd005', 'd010', 'd014', 'd018', 'd022', 'd028'])('finds the gold passage of %s at rank 1 (analysed, re-ranked)', async (id) => {
    const q = dev.find((x) => x.id === id)!;
    const { hits } = await retrieve(index, analyse(q.question, lexiconOf(index)), 5);
    expect(q.gold.some((g) => g.doc === hits[0]!.passage.docId && containsQuote(hits[0]!.passage, g.quote))).toBe(true);
  });

  it('finds both gold passages of a cross-document question in the top 5', async () => {
    const q = dev.find((x) => x.id === 'd025')!;
    const { hits } = await search(index, q.question);
    for (const g of q.gold) expect(hits.some((h) => h.passage.docId === g.doc && containsQuote(h.passage, g.quote))).toBe(true);
  });

  it('answers a Traditional question with the same passages as its Simplified form', async () => {
    const simplified = await search(index, '转型综改示范区生产总值从2017年增长到2023年是多少？');
    const traditional = await search(index, '轉型綜改示範區生產總值從2017年增長到2023年是多少？');
    expect(traditional.hits.map((h) => h.passage.id)).toEqual(simplified.hits.map((h) => h.passage.id));
    expect(traditional.hits[0]!.passage.text).toContain('938億元');
  });

  it('finds a passage of the Traditional-script report from a Simplified question', async () => {
    const { hits } = await search(index, '人才储备能满足产业发展需求的多少');
    expect(hits[0]!.passage.text).toContain('人才儲備僅能滿足產業發展需求的60%');
  });

  it('carries document, section and offsets with every hit', async () => {
    const { hits } = await search(index, '阳曲县碳纤维专业镇', { k: 3 });
    expect(hits).toHaveLength(3);
    for (const h of hits) {
      expect(h.document.text.slice(h.passage.start, h.passage.end)).toBe(h.passage.text);
      expect(h.document.meta.title.length).toBeGreaterThan(0);
    }
  });
});

describe('near-duplicate passages', async () => {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const path = await import('node:path');
  const { tempDir } = await import('../helpers.js');
  const dir = await tempDir('dup-kb');
  await mkdir(dir, { recursive: true });
  const story = '晋城市新建光伏组件工厂年产能达到5GW，预计年产值120亿元，带动就业三千人。';
  await writeFile(path.join(dir, 'a.txt'), `晋城日报\n\n${story}`);
  await writeFile(path.join(dir, 'b.txt'), `转载稿件\n\n${story.replace('，带动', ',带动')}`);
  await writeFile(path.join(dir, 'c.txt'), '长治市\n\n长治市光伏产业园引进电池片项目，年产能10GW。');
  const { index, dataDir } = await openTestIndex(dir);
  afterAll(async () => {
    await removeDir(dir);
    await removeDir(dataDir);
  });

  it('keeps only the better-ranked copy of a reprinted passage', async () => {
    const { hits } = await search(index, '晋城光伏组件工厂年产能多少？', { k: 3 });
    const copies = hits.filter((h) => h.passage.text.includes('5GW'));
    expect(copies).toHaveLength(1);
    expect(hits.map((h) => h.passage.docId)).toContain('c.txt');
  });
});

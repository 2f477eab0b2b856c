import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/ingest/chunk.js';
import { ingestFile } from '../../src/ingest/document.js';
import { listKnowledge } from '../../src/ingest/knowledge-base.js';
import { normalizeForIndex } from '../../src/text/normalize.js';
import { LocalHashEmbedder } from '../../src/retrieval/local-embedder.js';
import { openIndex } from '../../src/retrieval/store.js';
import { removeDir, tempDir } from '../helpers.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('knowledge/ as people fill it', async () => {
  const root = await tempDir('files');
  const knowledgeDir = path.join(root, 'knowledge');
  const outside = path.join(root, 'outside');
  await mkdir(path.join(knowledgeDir, '2023', '07'), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(knowledgeDir, 'top.md'), '# 顶层文件\n\n太原市推进数字经济发展。');
  await writeFile(path.join(knowledgeDir, '2023', '07', 'deep.txt'), '大同市今年新建光伏电站三座。');
  await writeFile(path.join(outside, 'secret.txt'), '不应被索引的文件。');
  await symlink(path.join(outside, 'secret.txt'), path.join(knowledgeDir, 'link-out.txt'));
  await symlink(path.join(knowledgeDir, 'top.md'), path.join(knowledgeDir, 'link-in.md'));
  await writeFile(path.join(knowledgeDir, 'huge.txt'), Buffer.alloc(3 * 1024 * 1024, 0x41));
  afterAll(() => removeDir(root));

  it('reads subfolders, follows links inside, reports links outside and files over the size limit', async () => {
    const listing = await listKnowledge(knowledgeDir, 2 * 1024 * 1024);
    expect(listing.files.map((f) => f.file)).toEqual(['2023/07/deep.txt', 'link-in.md', 'top.md']);
    const reasons = Object.fromEntries(listing.skipped.map((s) => [s.file, s.reason]));
    expect(reasons['link-out.txt']).toMatch(/symbolic link to .*outside the knowledge folder/);
    expect(reasons['huge.txt']).toMatch(/too large: 3\.0 MB \(limit 2\.0 MB/);
  });

  it('indexes the nested file under its path and reports the skipped ones in the ingest report', async () => {
    const dataDir = await tempDir('data');
    try {
      const opened = await openIndex({ knowledgeDir, dataDir, embedder: new LocalHashEmbedder(), chunking: DEFAULT_CHUNK_OPTIONS, maxFileBytes: 2 * 1024 * 1024 });
      expect(opened.index.document('2023/07/deep.txt')?.text).toContain('光伏电站');
      expect(opened.built!.skipped.map((s) => s.file).sort()).toEqual(['huge.txt', 'link-out.txt']);
      const hits = opened.index.lexical.search(normalizeForIndex('不应被索引'), 5);
      expect(hits.map((h) => opened.index.passageAt(h.position)!.docId)).not.toContain('link-out.txt');
      opened.index.close();
    } finally {
      await removeDir(dataDir);
    }
  });
});

describe('news articles from archives', () => {
  const article =
    '[ 2023-07-28 16：40 ] ，正文：原标题：山西太原新建三座氢能加注站据山西日报报道，太原市今年新建氢能加注站三座，总投资1.2亿元。' +
    '加注站由市能源局负责验收。\n';

  it('takes the date from the header, not as text, and the title from 原标题', () => {
    const result = ingestFile('dup1_1-0001.txt', bytes(article));
    if (!result.ok) throw new Error(result.reason);
    expect(result.document.meta).toMatchObject({ date: '2023-07-28', kind: 'news', title: '山西太原新建三座氢能加注站' });
    expect(result.document.text).not.toContain('正文');
    expect(result.document.text).not.toContain('16：40');
    expect(result.document.text.startsWith('原标题')).toBe(true);
  });

  it('reads the other header forms and falls back to the first sentence for the title', () => {
    const result = ingestFile('dup1_1-0002.txt', bytes('2023-08-11 15:10，正文：中新网约翰内斯堡8月10日电 中国-南非企业贸易对接会10日举行。双方签约多项。'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.document.meta.date).toBe('2023-08-11');
    expect(result.document.meta.title).toBe('中新网约翰内斯堡8月10日电中国-南非企业贸易对接会10日举行');
  });

  it('keeps a one-line document even when the line mentions a QR code', () => {
    const line = '2023-08-08 17:12:30，正文：西渡街道组织党员群众开展红色阵地打卡活动，长按识别二维码进入小程序，打卡5个点位可领取小礼物。';
    const result = ingestFile('dup11_2-1433.txt', bytes(`${line}\n`));
    if (!result.ok) throw new Error(result.reason);
    expect(result.passages.map((p) => p.text).join('')).toContain('红色阵地打卡活动');
  });

  it('still drops QR-code furniture lines inside a longer document', () => {
    const result = ingestFile('a.txt', bytes('太原市今年新建氢能加注站三座。\n长按识别二维码关注我们\n加注站由市能源局负责验收。'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.document.text).not.toContain('二维码');
  });
});

describe('FTS5 over the normalised index form', async () => {
  const knowledgeDir = await tempDir('kb');
  const dataDir = await tempDir('data');
  await writeFile(path.join(knowledgeDir, 'trad.md'), '# 氫能規劃\n\n太原市將建設氫能產業園區，發展燃料電池汽車。');
  await writeFile(path.join(knowledgeDir, 'simp.md'), '# 数据中心\n\n阳泉市推进数据中心集群建设，发展算力经济。');
  const opened = await openIndex({ knowledgeDir, dataDir, embedder: new LocalHashEmbedder(), chunking: DEFAULT_CHUNK_OPTIONS });
  afterAll(async () => {
    opened.index.close();
    await removeDir(knowledgeDir);
    await removeDir(dataDir);
  });
  const lexicalDocs = (q: string) => opened.index.lexical.search(normalizeForIndex(q), 5).map((h) => opened.index.passageAt(h.position)!.docId);

  it('finds a Traditional document with a Simplified question and the reverse', () => {
    expect(lexicalDocs('氢能产业园区')[0]).toBe('trad.md');
    expect(lexicalDocs('氫能產業園區')[0]).toBe('trad.md');
    expect(lexicalDocs('數據中心集群')[0]).toBe('simp.md');
    expect(lexicalDocs('数据中心集群')[0]).toBe('simp.md');
  });

  it('reports the matched terms of a hit in the folded form, for Traditional passages too', () => {
    const [trad] = opened.index.lexical.search(normalizeForIndex('氫能產業園區'), 1);
    expect(trad!.matched).toEqual(expect.arrayContaining(['氢能', '产业', '园区']));
    const [simp] = opened.index.lexical.search(normalizeForIndex('数据中心集群'), 1);
    expect(simp!.matched).toEqual(expect.arrayContaining(['数据中心', '集群']));
  });

  it('gives word IDF from the FTS5 vocabulary and lists the vocabulary lazily', () => {
    expect(opened.index.lexical.wordIdf('氢能')).toBeLessThan(opened.index.lexical.wordIdf('从未出现的词'));
    const vocabulary = [...opened.index.lexical.vocabulary()];
    expect(vocabulary).toContain('数据中心');
    expect(vocabulary).toContain('氢能');
  });
});

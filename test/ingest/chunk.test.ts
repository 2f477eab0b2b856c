import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/document.js';
import { loadKnowledgeBase } from '../../src/ingest/knowledge-base.js';
import { sectionLabel } from '../../src/ingest/types.js';

const REPORT = [
  '一、引言',
  '(一)研究背景',
  '山西作为国家重要的能源基地,长期依赖煤炭。本报告分析政策影响。',
  '二、主要问题',
  '(三)科技成果转化效率不高',
  '雖建成多個創新平臺,但協同機制不完善。' + '导致成果停留在实验室阶段,未实现产业化应用。'.repeat(12),
  '(四)高端人才缺口较大',
  '人才储备仅能满足产业发展需求的60%。',
].join('\n');

describe('structure-aware chunking', () => {
  // Small passages, so the fixture's paragraphs are long enough to be split.
  const result = ingestFile('report.txt', Buffer.from(REPORT), { targetChars: 160, maxChars: 260 });
  if (!result.ok) throw new Error(result.reason);
  const { document, passages } = result;

  it('gives every passage its heading path', () => {
    expect(passages.map((p) => sectionLabel(p.section))).toContain('二、主要问题 › (三)科技成果转化效率不高');
    expect(passages.find((p) => p.text.includes('60%'))!.section).toEqual(['二、主要问题', '(四)高端人才缺口较大']);
  });

  it('splits long paragraphs at sentence ends and keeps offsets into the cleaned text', () => {
    const long = passages.filter((p) => p.section[1] === '(三)科技成果转化效率不高');
    expect(long.length).toBeGreaterThan(1);
    for (const p of passages) {
      expect(document.text.slice(p.start, p.end)).toBe(p.text);
      expect(p.text.length).toBeLessThanOrEqual(420);
    }
    for (const p of long.slice(0, -1)) expect(p.text).toMatch(/[。！？；]$/);
  });

  it('never lets a passage mix two sections', () => {
    for (const p of passages) expect(p.text).not.toMatch(/^[一二三四五六七八九十]+、|\n[一二三四五六七八九十]+、|\n\(/);
  });
});

describe('the seed knowledge base', async () => {
  const kb = await loadKnowledgeBase('knowledge');

  it('ingests all five documents with metadata derived from them', () => {
    expect(kb.skipped).toEqual([]);
    expect(kb.documents).toHaveLength(5);
    const plan = kb.documents.find((d) => d.id.startsWith('001'))!;
    expect(plan.meta).toMatchObject({ kind: 'plan', docNumber: '晋政发〔2021〕17号', issuer: '山西省人民政府', date: '2021-05-27' });
    expect(kb.documents.find((d) => d.id.startsWith('002'))!.meta.title).toBe('转型蹚新路 山西绿起来');
  });

  it('maps every passage back to its document text, inside one top-level section', () => {
    const byId = new Map(kb.documents.map((d) => [d.id, d]));
    for (const p of kb.passages) {
      const doc = byId.get(p.docId)!;
      expect(doc.text.slice(p.start, p.end)).toBe(p.text);
      const top = p.section[0];
      if (top) {
        // No top-level heading of the document starts inside the passage.
        const inside = doc.text.slice(p.start + 1, p.end);
        expect(inside.includes(`\n${top}`)).toBe(false);
      }
    }
  });

  it('keeps passages short enough to read: median at most 300 characters', () => {
    const lengths = kb.passages.map((p) => p.text.length).sort((a, b) => a - b);
    expect(lengths[lengths.length >> 1]).toBeLessThanOrEqual(300);
  });

  it('removes OCR spaces and furniture from the displayed text', () => {
    const ocr = kb.documents.find((d) => d.id.startsWith('004'))!.text;
    expect(ocr).toContain('要紧紧扭住科技创新这个"牛鼻子"');
    expect(ocr).toContain('法兰锻造8条具有发展基础的优势特色产业链');
    const all = kb.documents.map((d) => d.text).join('\n');
    for (const junk of ['![]()', '长按上图', '发布评论', 'Notice: The content above', '(下转A2版)']) expect(all).not.toContain(junk);
  });

  it('keeps the original script of each document for display', () => {
    const report = kb.documents.find((d) => d.id.startsWith('000'))!;
    expect(report.text).toContain('轉型綜改示范區生產總值從2017年的421億元增長至2023年的938億元');
    expect(readFileSync('knowledge/000_af251a7dc836d05f.txt', 'utf8')).toContain('421億元');
  });
});

describe('bad files in knowledge/', async () => {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'spb-kb-'));
  await writeFile(path.join(dir, 'empty.txt'), '');
  await writeFile(path.join(dir, 'image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]));
  await writeFile(path.join(dir, 'notes.pdf'), 'x');
  await writeFile(path.join(dir, 'slides.pptx'), 'x');
  await writeFile(path.join(dir, 'good.md'), '# 标题\n\n示范区生产总值实现六年翻番。');
  const kb = await loadKnowledgeBase(dir);

  it('reports each bad file by name and still ingests the good one', () => {
    expect(kb.documents.map((d) => d.id)).toEqual(['good.md']);
    expect(kb.documents[0]!.meta.title).toBe('标题');
    expect(Object.fromEntries(kb.skipped.map((s) => [s.file, s.reason]))).toEqual({
      'empty.txt': 'empty file',
      'image.txt': 'binary file (not text)',
      'notes.pdf': expect.stringMatching(/^not a PDF/),
      'slides.pptx': expect.stringContaining('unsupported file type'),
    });
  });
});

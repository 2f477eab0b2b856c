import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { afterAll, describe, expect, it } from 'vitest';
import { Answerer } from '../../src/answer/pipeline.js';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/ingest/chunk.js';
import { ingestFile } from '../../src/ingest/document.js';
import { extractText } from '../../src/ingest/formats/extract.js';
import { ingestKnowledgeFile } from '../../src/ingest/formats/ingest-file.js';
import { extractPdf, GARBLED_PDF, SCANNED_PDF } from '../../src/ingest/formats/pdf.js';
import { listKnowledge, loadKnowledgeBase } from '../../src/ingest/knowledge-base.js';
import { buildPdf, paginate, type PdfPageSpec } from '../fixtures/pdf-builder.js';
import { HYDROGEN_PLAN } from '../fixtures/policy-paragraphs.js';
import { openTestIndex, removeDir, tempDir } from '../helpers.js';

const compact = (text: string) => text.replace(/\s+/g, '');

/** Three pages of the plan, with page numbers at the foot and a running header. */
const planPages = paginate(HYDROGEN_PLAN, { charsPerLine: 30, linesPerPage: 10, pageNumbers: true, header: '大同市人民政府办公室文件' });
const planPdf = buildPdf(planPages);
/** The text printed on page n, in reading order, without the header and page number. */
const printedOn = (pages: PdfPageSpec[], n: number) => compact((pages[n - 1]!.lines ?? []).filter((l) => (l.size ?? 12) === 12).map((l) => l.text).join(''));

async function guideDocx(): Promise<Buffer> {
  const doc = new Document({
    // WPS and some Word templates name their heading styles in Chinese.
    styles: { paragraphStyles: [{ id: 'WpsHeading2', name: '标题 2', basedOn: 'Normal', run: { bold: true } }] },
    sections: [
      {
        children: [
          new Paragraph({ text: '晋中市专精特新企业申报指南', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: '申报条件：在晋中市注册，且成立满三年的中小企业', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: '企业近两年研发费用占营业收入的比重不低于百分之三，拥有有效发明专利一项以上。' }),
          new Paragraph({ text: '支持政策与奖励标准', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: '奖励标准', style: 'WpsHeading2' }),
          new Paragraph({ text: '首次认定为省级专精特新企业的，市财政一次性奖励三十万元。' }),
          new Table({
            rows: [
              new TableRow({ children: [new TableCell({ children: [new Paragraph('认定级别')] }), new TableCell({ children: [new Paragraph('奖励金额')] })] }),
              new TableRow({ children: [new TableCell({ children: [new Paragraph('国家级小巨人')] }), new TableCell({ children: [new Paragraph('一百万元')] })] }),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

describe('text PDFs', () => {
  it('gives back the paragraphs as written, without the running header and page numbers', async () => {
    expect(planPages).toHaveLength(3);
    const extracted = await extractText('plan.pdf', planPdf);
    if (!extracted.ok) throw new Error(extracted.reason);
    expect(extracted.text.split('\n')).toEqual(HYDROGEN_PLAN.map((p) => p.text));
    expect(extracted.pages?.map((p) => p.page)).toEqual([1, 2, 3]);
    // Each page starts where its first printed line does (in the middle of a paragraph if need be).
    for (const { start, page } of extracted.pages!) {
      expect(compact(extracted.text.slice(start)).startsWith(printedOn(planPages, page).slice(0, 10))).toBe(true);
    }
  });

  it('leaves out a diagonal watermark printed across every page', async () => {
    const marked = planPages.map((page) => ({ lines: [{ text: '内部资料 注意保密', x: 150, y: 300, size: 40, angle: 45 }, ...(page.lines ?? [])] }));
    const extracted = await extractText('marked.pdf', buildPdf(marked));
    if (!extracted.ok) throw new Error(extracted.reason);
    expect(extracted.text.split('\n')).toEqual(HYDROGEN_PLAN.map((p) => p.text));
  });

  it('gives every passage the page it starts on', async () => {
    const result = await ingestKnowledgeFile('plan.pdf', planPdf);
    if (!result.ok) throw new Error(result.reason);
    expect(result.document.encoding).toBe('PDF');
    expect(result.document.meta.title).toBe('大同市氢能产业发展三年行动方案');
    expect(result.document.pages?.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(new Set(result.passages.map((p) => p.page)).size).toBeGreaterThan(1);
    for (const passage of result.passages) {
      const head = compact(passage.text).slice(0, 6);
      expect(printedOn(planPages, passage.page!), `${passage.id} on page ${passage.page}`).toContain(head);
    }
    const subsidy = result.passages.find((p) => p.text.includes('最高500万元补助'));
    expect(subsidy?.section).toEqual(['四、保障措施']);
  });

  it('reports a scan as such and indexes nothing of it, even with a page number on it', async () => {
    const scan = buildPdf([{ image: true }, { image: true, lines: [{ text: '2', x: 290, y: 30 }] }]);
    expect(await extractText('scan.pdf', scan)).toEqual({ ok: false, reason: SCANNED_PDF });
  });

  it('reports a text layer of private-use characters (fonts without a Unicode map) instead of indexing garbage', async () => {
    const garbled = [...'山西省转型发展规划全文内容'].map((c) => String.fromCharCode(0xe000 + (c.charCodeAt(0) % 0x1000))).join('');
    const pdf = buildPdf([{ lines: [0, 1, 2].map((i) => ({ text: garbled, y: 700 - i * 20 })) }]);
    expect(await extractText('garbled.pdf', pdf)).toEqual({ ok: false, reason: GARBLED_PDF });
  });

  it('indexes the text pages of a partly scanned PDF and names the others', async () => {
    const mixed = buildPdf([planPages[0]!, { image: true }, planPages[1]!]);
    const result = await ingestKnowledgeFile('mixed.pdf', mixed);
    if (!result.ok) throw new Error(result.reason);
    expect(result.warnings).toEqual(['PDF pages without a text layer (scanned?), not indexed: 2 of 3']);
    expect(result.document.pages?.map((p) => p.page)).toEqual([1, 3]);
  });

  it('gives encrypted, truncated and misnamed files a reason', async () => {
    const locked = buildPdf([{ lines: [{ text: '内部文件，不得外传。', y: 700 }] }], { encrypted: true });
    expect(await extractText('locked.pdf', locked)).toMatchObject({ ok: false, reason: expect.stringMatching(/^encrypted PDF: .*password/) });
    expect(await extractText('cut.pdf', planPdf.subarray(0, 400))).toMatchObject({ ok: false, reason: expect.stringMatching(/^(corrupt|unreadable) PDF: /) });
    expect(await extractText('notes.pdf', Buffer.from('这其实是一个文本文件。'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^not a PDF/) });
    expect(await extractText('empty.pdf', Buffer.alloc(0))).toEqual({ ok: false, reason: 'empty file' });
  });

  it('gives up on a PDF that takes too long, and reads the next one on a fresh thread', async () => {
    expect(await extractPdf(planPdf, 1)).toEqual({ ok: false, reason: 'unreadable PDF: no text after 0 s' });
    expect((await extractPdf(planPdf)).ok).toBe(true);
  });

  it('is never read as text by the synchronous ingest', () => {
    expect(ingestFile('plan.pdf', planPdf)).toMatchObject({ ok: false, reason: expect.stringMatching(/extracted first/) });
  });
});

describe('DOCX', () => {
  it('turns Word headings into sections, whatever their wording, and keeps table text', async () => {
    const result = await ingestKnowledgeFile('guide.docx', await guideDocx());
    if (!result.ok) throw new Error(result.reason);
    expect(result.document.encoding).toBe('DOCX');
    expect(result.document.meta.title).toBe('晋中市专精特新企业申报指南');
    const rd = result.passages.find((p) => p.text.includes('研发费用'));
    // A heading with a comma and no number: only the Word style makes it one.
    expect(rd?.section).toEqual(['申报条件：在晋中市注册，且成立满三年的中小企业']);
    const award = result.passages.find((p) => p.text.includes('三十万元'));
    expect(award?.section).toEqual(['支持政策与奖励标准', '奖励标准']);
    expect(award?.text).toContain('认定级别｜奖励金额\n国家级小巨人｜一百万元');
    expect(result.document.text).not.toContain('#');
    expect(result.passages.every((p) => p.page === undefined)).toBe(true);
  });

  it('gives corrupt and encrypted files a reason', async () => {
    const docx = await guideDocx();
    expect(await extractText('cut.docx', docx.subarray(0, docx.length - 200))).toMatchObject({ ok: false, reason: expect.stringMatching(/^corrupt DOCX: /) });
    expect(await extractText('plain.docx', Buffer.from('不是压缩包'))).toMatchObject({ ok: false, reason: 'corrupt DOCX: not a ZIP package' });
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect(await extractText('locked.docx', ole)).toMatchObject({ ok: false, reason: expect.stringMatching(/^encrypted DOCX/) });
    const owner = Buffer.concat([Buffer.from([7]), Buffer.from('张三', 'utf16le'), Buffer.alloc(100)]);
    expect(await extractText('2024/~$guide.docx', owner)).toMatchObject({ ok: false, reason: expect.stringMatching(/^lock file of a document open in Word/) });
  });
});

describe('a knowledge folder with PDF and DOCX files', async () => {
  const knowledgeDir = await tempDir('formats');
  await mkdir(path.join(knowledgeDir, 'scans'));
  await writeFile(path.join(knowledgeDir, 'hydrogen-plan.pdf'), planPdf);
  await writeFile(path.join(knowledgeDir, 'sme-guide.docx'), await guideDocx());
  await writeFile(path.join(knowledgeDir, 'scans', 'notice.pdf'), buildPdf([{ image: true }, { image: true }]));
  await writeFile(path.join(knowledgeDir, 'locked.pdf'), buildPdf([{ lines: [{ text: '内部文件，不得外传。', y: 700 }] }], { encrypted: true }));
  await writeFile(path.join(knowledgeDir, 'broken.docx'), Buffer.from('PK\x03\x04 broken'));
  const { index, dataDir, built } = await openTestIndex(knowledgeDir);
  afterAll(async () => {
    index.close();
    await removeDir(dataDir);
    await removeDir(knowledgeDir);
  });

  it('indexes the text files and names every skipped one with its reason', () => {
    expect(built!.indexed.map((d) => d.id).sort()).toEqual(['hydrogen-plan.pdf', 'sme-guide.docx']);
    const reasons = Object.fromEntries(built!.skipped.map((s) => [s.file, s.reason]));
    expect(reasons).toEqual({
      'scans/notice.pdf': 'scanned PDF: no text layer; OCR is not available',
      'locked.pdf': expect.stringMatching(/^encrypted PDF/),
      'broken.docx': expect.stringMatching(/^corrupt DOCX/),
    });
  });

  it('answers from the PDF with a citation that carries the page', async () => {
    const answerer = new Answerer({ index: () => index, k: 5 });
    const answer = await answerer.answer('大同市新建加氢站最高补助多少钱？');
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('500万元');
    const cited = answer.citations.find((c) => c.passage.text.includes('500万元'));
    expect(cited?.passage.docId).toBe('hydrogen-plan.pdf');
    const page = planPages.findIndex((_, i) => printedOn(planPages, i + 1).includes('最高500万元补助')) + 1;
    expect(page).toBe(3);
    expect(cited?.passage.page).toBe(page);
  });

  it('answers from the DOCX within its Word sections', async () => {
    const answerer = new Answerer({ index: () => index, k: 5 });
    const answer = await answerer.answer('晋中市首次认定为省级专精特新企业奖励多少？');
    expect(answer.refused).toBe(false);
    const cited = answer.citations.find((c) => c.passage.text.includes('三十万元'));
    expect(cited?.passage.docId).toBe('sme-guide.docx');
    expect(cited?.passage.section).toContain('奖励标准');
  });

  it('loads the same folder into memory, and applies the size limit to PDFs too', async () => {
    const kb = await loadKnowledgeBase(knowledgeDir, DEFAULT_CHUNK_OPTIONS);
    expect(kb.documents.map((d) => d.id).sort()).toEqual(['hydrogen-plan.pdf', 'sme-guide.docx']);
    expect(kb.skipped.find((s) => s.file === 'scans/notice.pdf')?.reason).toBe(SCANNED_PDF);
    const listing = await listKnowledge(knowledgeDir, 5000);
    expect(listing.skipped.find((s) => s.file === 'hydrogen-plan.pdf')?.reason).toMatch(/^too large/);
  });
});

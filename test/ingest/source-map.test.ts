import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { isFurniture } from '../../src/ingest/clean.js';
import { decodeKnowledgeBytes } from '../../src/ingest/decode.js';
import { ingestFile } from '../../src/ingest/document.js';
import { htmlToLines } from '../../src/ingest/html.js';
import { lineAt, lineStarts, locate } from '../../src/ingest/source-map.js';
import type { Passage } from '../../src/ingest/types.js';

const compact = (s: string) => s.replace(/\s+/g, '');

/** A file's text and its passages with where each is in the file. */
function mapped(name: string, bytes: Uint8Array) {
  const decoded = decodeKnowledgeBytes(bytes);
  const ingested = ingestFile(name, bytes);
  if (!decoded.ok || !ingested.ok) throw new Error(`${name} not ingested`);
  const file = decoded.text;
  const located = ingested.passages.map((p) => ({ passage: p, at: locate(ingested.document.sourceMap, p.start, p.end)! }));
  return { file, located, document: ingested.document };
}

/**
 * The original text of a passage: the file sliced at fileStart..fileEnd, as cleaning reads it —
 * tags and entities for HTML, lines cleaning drops as furniture left out.
 */
function originalText(file: string, fileStart: number, fileEnd: number, html: boolean): string {
  const slice = file.slice(fileStart, fileEnd);
  const lines = html ? htmlToLines(slice).lines : slice.split('\n');
  return compact(lines.filter((l) => !isFurniture(l)).join(''));
}

function expectRoundTrip(file: string, passage: Passage, at: { fileStart: number; fileEnd: number; lines: [number, number] }, html: boolean) {
  expect(originalText(file, at.fileStart, at.fileEnd, html), passage.id).toBe(compact(passage.text));
  // The slice starts and ends on the passage's own first and last characters.
  expect(file.slice(at.fileStart, at.fileStart + 1)).toBe(passage.text[0]);
  expect(file.slice(at.fileEnd - 1, at.fileEnd)).toBe(passage.text[passage.text.length - 1]);
  const starts = lineStarts(file);
  expect(at.lines).toEqual([lineAt(starts, at.fileStart), lineAt(starts, at.fileEnd - 1)]);
}

describe('offsets into the original file', () => {
  const dir = 'knowledge';
  for (const name of readdirSync(dir)) {
    it(`round-trips every passage of ${name}`, () => {
      const { file, located } = mapped(name, readFileSync(path.join(dir, name)));
      const html = /<p>|<div/.test(file);
      expect(located.length).toBeGreaterThan(5);
      for (const { passage, at } of located) expectRoundTrip(file, passage, at, html);
    });
  }

  it('counts lines from the top of the file, front matter included, across CRLF, OCR spaces and furniture', () => {
    const text = [
      '---', // 1
      'title: 测试文件', // 2
      '---', // 3
      '一、总体要求', // 4
      '到2025年, 全省 新能源 装机达到8000万千瓦,', // 5  (OCR spaces, sentence continues)
      '▲ 图片说明', // 6  (furniture)
      '其中光伏装机4000万千瓦。', // 7
      '', // 8
      '二、保障措施', // 9
      '加强组织领导,落实责任分工。😀表情也在原文里。', // 10
    ].join('\r\n');
    const { file, located } = mapped('crlf.txt', new TextEncoder().encode(text));
    const goal = located.find((l) => l.passage.text.includes('光伏装机'))!;
    expect(goal.passage.text).toBe('到2025年,全省新能源装机达到8000万千瓦,其中光伏装机4000万千瓦。');
    expect(goal.at.lines).toEqual([5, 7]);
    expectRoundTrip(file, goal.passage, goal.at, false);
    const last = located.find((l) => l.passage.text.includes('表情'))!;
    expect(last.at.lines).toEqual([10, 10]);
    expect(file.slice(last.at.fileStart, last.at.fileEnd)).toBe('加强组织领导,落实责任分工。😀表情也在原文里。');
  });

  it('points past a news header into the article', () => {
    const text = '[ 2023-07-28 16：40 ] ，正文：太原市今年新建5G基站3000个。\n全市5G用户突破500万户。';
    const { file, located, document } = mapped('news.txt', new TextEncoder().encode(text));
    expect(document.meta.date).toBe('2023-07-28');
    const at = located[0]!.at;
    expect(file.slice(at.fileStart, at.fileEnd)).toBe('太原市今年新建5G基站3000个。\n全市5G用户突破500万户。');
    expect(at.lines).toEqual([1, 2]);
  });

  it('points into HTML source, at the entity where the text has its character', () => {
    const html = [
      '<html><head><title>晋中市氢能产业</title><style>p { color: red }</style></head><body>',
      '<nav>首页 | 新闻</nav>',
      '<h1>晋中市氢能产业</h1>',
      '<p>晋中市今年新建<b>氢能</b>加注站12座&amp;示范线路3条，',
      '总投资&#52;亿元。</p>',
      '<p>长按上图，关注我们</p>',
      '</body></html>',
    ].join('\n');
    const { file, located } = mapped('h2.html', new TextEncoder().encode(html));
    const hit = located.find((l) => l.passage.text.includes('加注站'))!;
    expect(hit.passage.text).toContain('加注站12座&示范线路3条');
    expect(hit.at.lines).toEqual([4, 5]);
    const slice = file.slice(hit.at.fileStart, hit.at.fileEnd);
    expect(slice.startsWith('晋中市今年新建<b>氢能</b>')).toBe(true);
    expect(slice.endsWith('总投资&#52;亿元。')).toBe(true);
    expectRoundTrip(file, hit.passage, hit.at, true);
  });

  it('maps a GBK file by its decoded characters', () => {
    const text = '一、发展目标\r\n到2025年，产业规模突破1000亿元。';
    const { file, located } = mapped('gbk.txt', iconv.encode(text, 'gb18030'));
    const at = located[0]!.at;
    expect(file.slice(at.fileStart, at.fileEnd)).toBe('到2025年，产业规模突破1000亿元。');
    expect(at.lines).toEqual([2, 2]);
  });
});

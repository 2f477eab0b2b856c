import { describe, expect, it } from 'vitest';
import { locatePages, pageAt } from '../../src/ingest/formats/page-offsets.js';
import { dropPageFurniture, withoutWatermarks } from '../../src/ingest/formats/pdf-furniture.js';
import { layOutPages } from '../../src/ingest/formats/pdf-layout.js';
import { linesOf, type TextPiece } from '../../src/ingest/formats/pdf-lines.js';

/** A piece of text at (x, y), one em per character as in Chinese fonts. */
const piece = (str: string, x: number, y: number, size = 12, hasEOL = false): TextPiece => ({ str, x, y, size, width: [...str].length * size, hasEOL });

describe('PDF lines from positioned pieces', () => {
  it('joins pieces on one baseline, with a space only between Latin words placed apart', () => {
    const lines = linesOf([piece('山西', 72, 700), piece('综改区', 96, 700.4), piece('Hello', 140, 700), piece('world', 206, 700), piece('下一行', 72, 680)]);
    expect(lines.map((l) => l.text)).toEqual(['山西综改区Hello world', '下一行']);
  });

  it('separates table cells set in columns, but not a word spread over a line or a heading number', () => {
    const space = (x: number, width: number, y: number): TextPiece => ({ str: ' ', x, y, size: 12, width });
    const lines = linesOf([
      piece('通', 72, 760), space(84, 400, 760), piece('知', 484, 760, 12, true),
      piece('一、', 72, 740), piece('总体要求', 120, 740, 12, true),
      piece('项目名称', 72, 720), space(120, 100, 720), piece('总投资', 220, 720), space(256, 100, 720), piece('建设年限', 356, 720, 12, true),
      piece('太原氢能产业园', 72, 700), piece('120亿元', 220, 700), piece('2023-2025', 356, 700, 12, true),
      // The first cell nearly fills its column (a gap of 16 points): it is the column's edge that tells.
      piece('朔州市风光制氢示范基地', 72, 680), piece('85亿元', 220, 680), piece('2024-2026', 356, 680, 12, true),
    ]);
    expect(lines.map((l) => l.text)).toEqual(['通 知', '一、总体要求', '项目名称｜总投资｜建设年限', '太原氢能产业园｜120亿元｜2023-2025', '朔州市风光制氢示范基地｜85亿元｜2024-2026']);
    expect(lines.map((l) => l.cells ?? false)).toEqual([false, false, true, true, true]);
  });

  it("starts a new line at the parser's line end even on the same baseline", () => {
    const lines = linesOf([piece('第一段结束。', 72, 700, 12, true), piece('第二段', 150, 700)]);
    expect(lines.map((l) => l.text)).toEqual(['第一段结束。', '第二段']);
  });
});

describe('watermarks', () => {
  it('drops slanted pieces from a page of level text, but keeps a page that is all slanted', () => {
    const level = [piece('正文第一行的内容。', 72, 700), piece('正文第二行的内容。', 72, 680)];
    const mark = { ...piece('内部资料', 150, 300, 40), slanted: true };
    expect(withoutWatermarks([mark, ...level])).toEqual(level);
    const sideways = level.map((p) => ({ ...p, slanted: true }));
    expect(withoutWatermarks(sideways)).toEqual(sideways);
  });
});

describe('paragraphs from lines', () => {
  const page = (n: number, lines: Array<[string, number, number]>) => ({ page: n, pieces: lines.map(([s, x, y]) => piece(s, x, y)) });

  it('joins wrapped lines, ends a paragraph at a short line, an indent or a numbered line', () => {
    const laid = layOutPages([
      page(1, [
        ['一、总体要求', 72, 760],
        ['推进资源型经济转型，', 96, 740], // indented first line, ends at the right margin (x 216)
        ['加快建设示范区，完善体制', 72, 720], // full line: joins the one before
        ['机制和政策。', 72, 700], // short: the paragraph ends
        ['二〇二五年产值翻一番', 96, 680], // full and indented: a new paragraph
        ['（一）提升制氢能力等五', 72, 660], // full, but numbered: a new paragraph
      ]),
    ]);
    expect(laid.text.split('\n')).toEqual(['一、总体要求', '推进资源型经济转型，加快建设示范区，完善体制机制和政策。', '二〇二五年产值翻一番', '（一）提升制氢能力等五']);
  });

  it('keeps every table row a paragraph of its own, even when it spans the page', () => {
    const row = (cells: string[], y: number) => cells.map((c, i) => piece(c, 72 + i * 130, y));
    const laid = layOutPages([{ page: 1, pieces: [...row(['项目名称', '总投资', '建设年限的说明'], 760), ...row(['太原氢能产业园', '120亿元', '二〇二三年开工'], 740), piece('表格之后的正文写满一整行的宽度了呀呀', 72, 720)] }]);
    expect(laid.text.split('\n')).toEqual(['项目名称｜总投资｜建设年限的说明', '太原氢能产业园｜120亿元｜二〇二三年开工', '表格之后的正文写满一整行的宽度了呀呀']);
  });

  it('continues a sentence across a page break and records the page start inside it', () => {
    const laid = layOutPages([
      page(1, [
        ['第一页的段落开始于此处，', 96, 760],
        ['这一行写满了整行的宽度文字', 72, 740],
      ]),
      page(2, [
        ['接着写到第二页才结束。', 72, 760],
        ['新的段落从缩进开始写。', 96, 740],
      ]),
    ]);
    expect(laid.text).toBe('第一页的段落开始于此处，这一行写满了整行的宽度文字接着写到第二页才结束。\n新的段落从缩进开始写。');
    expect(laid.pages).toEqual([
      { start: 0, page: 1 },
      { start: laid.text.indexOf('接着'), page: 2 },
    ]);
  });

  it('joins English lines with a space and mends a hyphenated word', () => {
    const laid = layOutPages([page(1, [['The plan supports hydrogen', 72, 760], ['energy, fuel cells and co-', 72, 740], ['operation in Datong.', 72, 720]])]);
    expect(laid.text).toBe('The plan supports hydrogen energy, fuel cells and cooperation in Datong.');
  });

  it('drops page numbers and running headers or footers, but not a line that merely resembles one', () => {
    const lines = (n: number) => [
      { text: '大同市人民政府文件', x: 200, right: 300, y: 800, size: 9 },
      { text: `正文第${n}页的内容，2024年。`, x: 72, right: 400, y: 700, size: 12 },
      { text: '2024', x: 72, right: 120, y: 680, size: 12 },
      { text: `- ${n} -`, x: 280, right: 300, y: 40, size: 9 },
    ];
    const kept = dropPageFurniture([lines(1), lines(2), lines(3)]);
    expect(kept.map((p) => p.map((l) => l.text))).toEqual([1, 2, 3].map((n) => [`正文第${n}页的内容，2024年。`, '2024']));
  });
});

describe('page starts in the cleaned text', () => {
  it('finds each page again after cleaning moved the offsets, and skips a page found nowhere', () => {
    const pageTexts = ['报 头 文 字\n第一页正文内容写在这里。', '第二页的 正文 内容。', '第三页全被清理掉', '第四页的正文。'];
    const extracted = pageTexts.join('\n');
    const pages = pageTexts.map((text, i) => ({ start: extracted.indexOf(text), page: i + 1 }));
    const cleaned = '第一页正文内容写在这里。\n第二页的正文内容。\n第四页的正文。';
    const located = locatePages(extracted, pages, cleaned);
    expect(located).toEqual([
      { start: 0, page: 1 },
      { start: cleaned.indexOf('第二页'), page: 2 },
      { start: cleaned.indexOf('第四页'), page: 4 },
    ]);
    expect(pageAt(located, cleaned.indexOf('内容。'))).toBe(2);
    expect(pageAt(located, cleaned.length - 1)).toBe(4);
  });

  it('is not misled by a heading that opens two pages', () => {
    const pageTexts = ['行动方案\n一、总体要求\n立足太原市资源禀赋，推动转型。', '一、总体要求\n立足大同市资源禀赋，推动转型。'];
    const extracted = pageTexts.join('\n');
    const pages = pageTexts.map((text, i) => ({ start: extracted.indexOf(text), page: i + 1 }));
    expect(locatePages(extracted, pages, extracted)).toEqual(pages);
  });
});

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/ingest/formats/extract.js';
import { ingestKnowledgeFile } from '../../src/ingest/formats/ingest-file.js';
import { tableRow } from '../../src/ingest/formats/table-row.js';
import { removeCjkSpaces } from '../../src/text/normalize.js';
import { OFFICE_TABLE, officeParagraphs } from '../fixtures/pdf/make-office-pdf.js';

/**
 * A PDF written by a real producer (LibreOffice 7.4, embedded subset of a Chinese font; made by
 * test/fixtures/pdf/make-office-pdf.ts): three pages, a running header, "—n—" page numbers, a table,
 * and the same goals paragraph once per city, the third copy opening page 3.
 */
describe('a PDF from a word processor', async () => {
  const pdf = await readFile('test/fixtures/pdf/office-plan.pdf');
  const goals = '到2025年，全市氢能产业总产值';

  it('gives back the paragraphs and the table rows as written, without header and page numbers', async () => {
    const extracted = await extractText('office-plan.pdf', pdf);
    if (!extracted.ok) throw new Error(extracted.reason);
    const expected = officeParagraphs().map((p) => p.text);
    expected.splice(expected.findIndex((t) => t.startsWith(goals)) + 1, 0, ...OFFICE_TABLE.map(tableRow));
    // The producer sets spaces around figures in Chinese ("到 2025 年"); cleaning removes them.
    expect(extracted.text.split('\n').map(removeCjkSpaces)).toEqual(expected);
    expect(extracted.pages?.map((p) => p.page)).toEqual([1, 2, 3]);
  });

  it('puts each copy of a repeated paragraph on its own page', async () => {
    const result = await ingestKnowledgeFile('office-plan.pdf', pdf);
    if (!result.ok) throw new Error(result.reason);
    expect(result.passages.filter((p) => p.text.startsWith(goals)).map((p) => p.page)).toEqual([1, 2, 3]);
    expect(result.passages.filter((p) => p.text.startsWith('立足')).map((p) => [p.text.slice(2, 4), p.page])).toEqual([
      ['大同', 1],
      ['朔州', 2],
      ['忻州', 2],
    ]);
  });
});

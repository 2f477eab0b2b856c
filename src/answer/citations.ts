/**
 * Citations: markers in a model's answer (those that point at no passage are removed, the rest
 * renumbered 1..m in order of first use), and what a citation says about its source.
 */
import { policyStatus } from '../ingest/policy-metadata.js';
import { locate } from '../ingest/source-map.js';
import type { KnowledgeDocument, Passage } from '../ingest/types.js';
import type { Citation } from './types.js';

/** [1], [1, 2], [1][2], ［1］, 【1】 and the like. */
const MARKER = /[[［【]\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*[\]］】]/g;

export interface CheckedCitations {
  /** The answer with only valid markers, renumbered. */
  text: string;
  /** For each new number (index + 1), the 1-based number of the passage it points at. */
  cited: number[];
  /** Markers removed because they pointed at no passage. */
  removed: number;
}

export function checkCitations(answer: string, passageCount: number): CheckedCitations {
  const cited: number[] = [];
  let removed = 0;
  const text = answer.replace(MARKER, (_whole, list: string) => {
    const numbers = list.split(/\s*[,，、]\s*/).map(Number);
    const valid = [...new Set(numbers.filter((n) => Number.isInteger(n) && n >= 1 && n <= passageCount))];
    removed += numbers.length - valid.length;
    return valid
      .map((n) => {
        if (!cited.includes(n)) cited.push(n);
        return `[${cited.indexOf(n) + 1}]`;
      })
      .join('');
  });
  return { text: text.replace(/[ \t]+\n/g, '\n').trim(), cited, removed };
}

/**
 * Where a passage (as stored with an answer) is in its original file, if its document still has
 * that text there: a stored citation can outlive a reindex that changed the file.
 */
/**
 * Text extracted from a binary original (PDF, DOCX: the encoding names the format) has lines and
 * offsets a reader cannot find in the file, so only its pages are given.
 */
function fileLocation(document: KnowledgeDocument, start: number, end: number) {
  const location = locate(document.sourceMap, start, end, document.pages);
  if (!location || !/^(PDF|DOCX)$/.test(document.encoding)) return location;
  return location.pages ? { pages: location.pages } : undefined;
}

export function passageLocation(
  document: KnowledgeDocument | undefined,
  passage: { text: string; start: number; end: number },
): Pick<Citation, 'file' | 'lines' | 'fileStart' | 'fileEnd' | 'pages'> | undefined {
  if (!document || document.text.slice(passage.start, passage.end) !== passage.text) return undefined;
  const location = fileLocation(document, passage.start, passage.end);
  return location && { file: document.id, ...location };
}

/** The metadata and file location of a cited passage, read from its document. */
export function citationOf(n: number, hit: { passage: Passage; document: KnowledgeDocument }, quoted: string[]): Citation {
  const { passage, document } = hit;
  const meta = document.meta;
  const citation: Citation = { n, passage, title: meta.title, date: meta.date, quoted, kind: meta.kind, file: document.id };
  const status = policyStatus(meta);
  const optional = { docNumber: meta.docNumber, issuer: meta.issuer, source: meta.source, status };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (citation as unknown as Record<string, unknown>)[key] = value;
  const location = fileLocation(document, passage.start, passage.end);
  if (location && 'lines' in location) {
    citation.lines = location.lines;
    citation.fileStart = location.fileStart;
    citation.fileEnd = location.fileEnd;
  }
  if (location?.pages) citation.pages = location.pages;
  return citation;
}

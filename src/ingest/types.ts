/** The domain objects of the knowledge base. */

export type DocumentKind = 'plan' | 'report' | 'news' | 'other';

export interface DocumentMeta {
  title: string;
  /** Person(s) who wrote it. */
  author?: string;
  /** Issuing body of an official document. */
  issuer?: string;
  /** ISO-like date as precise as the document allows ("2021-05-27", "2024"). */
  date?: string;
  kind: DocumentKind;
  /** Official document number, e.g. 晋政发〔2021〕17号. */
  docNumber?: string;
  source?: string;
  note?: string;
}

/** A document after decoding and cleaning. `text` is the display text that passages point into. */
export interface KnowledgeDocument {
  /** File name inside knowledge/, e.g. "004_d1755f32c4377002.txt". */
  id: string;
  meta: DocumentMeta;
  text: string;
  encoding: string;
  /** Hash of the file's bytes, for change detection. */
  hash: string;
  /** Paged sources (PDF): offset in `text` where each page begins, in order. */
  pages?: Array<{ start: number; page: number }>;
}

/** A retrievable unit of text: a span of a cleaned document inside one section. */
export interface Passage {
  /** `${docId}#${index}` */
  id: string;
  docId: string;
  /** Position of the passage in its document, from 0. */
  index: number;
  /** Heading path, outermost first. */
  section: string[];
  text: string;
  /** Character offsets of `text` in the cleaned document. */
  start: number;
  end: number;
  /** Page of the source file on which the passage starts (paged sources: PDF). */
  page?: number;
}

/** A file in knowledge/ that could not be used, and why. */
export interface SkippedFile {
  file: string;
  reason: string;
}

export function sectionLabel(section: string[]): string {
  return section.join(' › ');
}

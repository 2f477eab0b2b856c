/** The domain objects of the knowledge base. */

export type DocumentKind = 'plan' | 'report' | 'news' | 'other';

/** Whether a policy still applies: stated in front matter, or derived from the text (see policy-metadata.ts). */
export type PolicyStatus = 'in-force' | 'superseded' | 'expired';

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
  /** As the front matter states it, or as the text says (现行有效, 已废止); see `policyStatus` for the status today. */
  status?: PolicyStatus;
  /** Where `status` came from: an explicit front matter value wins over the text. */
  statusFrom?: 'front matter' | 'text';
  /** "自2021年6月1日起施行": when it takes effect (ISO-like). */
  effective?: string;
  /** "有效期至2025年12月31日": after this day it has expired (ISO-like). */
  validUntil?: string;
  /** Titles of documents this one repeals ("《…》同时废止"). */
  repeals?: string[];
}

/**
 * Where the cleaned text came from in the original file: runs of characters that map one to one.
 * Each run is [cleanStart, fileStart, length, line]: `length` characters of the cleaned text from
 * `cleanStart` are the decoded file's characters from `fileStart` (UTF-16 offsets), on 1-based
 * line `line` (a run never crosses a line break of the file). Characters between runs (a
 * newline between blocks, a space joining OCR lines) have no place of their own in the file.
 */
export type SourceRun = [cleanStart: number, fileStart: number, length: number, line: number];

/** A page of a paginated original (PDF): the page that starts at cleaned-text offset `start`. */
export interface PageStart {
  start: number;
  page: number;
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
  /** Cleaned-text offsets → original file offsets and lines; absent for documents indexed without one. */
  sourceMap?: SourceRun[];
  /** Page starts in the cleaned text, for paginated originals (filled by the PDF loader), in order. */
  pages?: PageStart[];
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

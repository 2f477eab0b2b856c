/** What the text extractors of binary formats (PDF, DOCX) hand to the pure ingest step. */

export type ExtractedFormat = 'pdf' | 'docx';

export interface ExtractedText {
  format: ExtractedFormat;
  /**
   * Lines of text, one paragraph per line. DOCX headings are Markdown "#" lines (the level from
   * the Word heading style), so they become sections whatever their wording.
   */
  text: string;
  /** Paged formats: offset in `text` where each page begins. */
  pages?: Array<{ start: number; page: number }>;
  /** Things the reader should know but that do not stop the file being indexed. */
  warnings: string[];
}

export type Extraction = ({ ok: true } & ExtractedText) | { ok: false; reason: string };

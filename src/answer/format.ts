/** Plain-text renderings of an answer shared by the CLI and the terminal chat (the bot renders HTML). */
import type { DocumentKind, PolicyStatus } from '../ingest/types.js';
import { sectionLabel } from '../ingest/types.js';
import type { Answer, Citation } from './types.js';

/** What a source line can name: a citation, a stored citation, a listed document. */
export interface SourceFields {
  title: string;
  section?: string[];
  date?: string;
  kind?: DocumentKind;
  docNumber?: string;
  issuer?: string;
  source?: string;
  status?: PolicyStatus;
  /** First and last page of the passage in a paginated original (PDF). */
  pages?: [number, number];
}

/** "p. 12" / "pp. 12–13". */
export function pageLabel([first, last]: [number, number]): string {
  return first === last ? `p. ${first}` : `pp. ${first}–${last}`;
}

const STATUS_LABEL: Record<PolicyStatus, string> = { 'in-force': '现行有效', superseded: '已废止', expired: '已失效' };

/** 现行有效 / 已废止 / 已失效. */
export function statusLabel(status: PolicyStatus): string {
  return STATUS_LABEL[status];
}

/**
 * The title a reader knows a document by: a notice that only circulates a plan
 * ("山西省人民政府关于印发山西省“十四五”14个战略性新兴产业规划的通知") is named by the plan.
 */
export function displayTitle(title: string): string {
  const m = /关于印发(.{4,80})的通知$/u.exec(title);
  return m ? m[1]!.replace(/^《(.+)》$/u, '$1') : title;
}

/**
 * "《title》 · 晋政发〔2021〕17号 · 山西省人民政府 · 2021-05-27 · 四、保障措施": how a source is named in
 * lists, here and in the bot. Absent fields are left out; news names its publisher; a status is
 * named only when the document no longer applies.
 */
export function sourceName(source: SourceFields): string {
  const publisher = source.issuer ? undefined : source.source;
  const status = source.status && source.status !== 'in-force' ? statusLabel(source.status) : undefined;
  const pages = source.pages && pageLabel(source.pages);
  return [`《${displayTitle(source.title)}》`, source.docNumber, source.issuer ?? publisher, source.date, status, sectionLabel(source.section ?? []), pages]
    .filter(Boolean)
    .join(' · ');
}

/** What a stored citation keeps of its source beyond title, date and section, so its line reads the same later. */
export type StoredSourceFields = Pick<Citation, 'kind' | 'docNumber' | 'issuer' | 'source' | 'status' | 'file' | 'lines' | 'fileStart' | 'fileEnd' | 'pages'>;

export function storedSourceFields(c: Citation): StoredSourceFields {
  const fields: StoredSourceFields = {};
  for (const key of ['kind', 'docNumber', 'issuer', 'source', 'status', 'file', 'lines', 'fileStart', 'fileEnd', 'pages'] as const) {
    if (c[key] !== undefined) (fields as Record<string, unknown>)[key] = c[key];
  }
  return fields;
}

/** The fields of a citation a source line shows. */
export function citationSource(c: Citation): SourceFields {
  return { title: c.title, section: c.passage.section, date: c.date, kind: c.kind, docNumber: c.docNumber, issuer: c.issuer, source: c.source, status: c.status, pages: c.pages };
}

/**
 * Where a cited passage is in its original file: "knowledge/001_x.txt, lines 12–15" (", p. 3" for
 * a paginated original). `folder` is the knowledge folder as the reader knows it.
 */
export function sourceLocation(
  citation: Pick<Citation, 'file' | 'lines' | 'pages'> & { docId?: string },
  folder = 'knowledge',
): string {
  const file = citation.file ?? citation.docId;
  if (!file) return '';
  const parts = [`${folder.replace(/\/+$/, '')}/${file}`];
  const [from, to] = citation.lines ?? [];
  if (from !== undefined && to !== undefined) parts.push(from === to ? `line ${from}` : `lines ${from}–${to}`);
  if (citation.pages) parts.push(pageLabel(citation.pages));
  return parts.join(', ');
}

const KIND_LABEL: Record<DocumentKind, string> = { plan: '政策规划', report: '研究报告', news: '新闻报道', other: '其他' };

/**
 * A document as /docs lists it: "《title》 · 晋政发〔2021〕17号 · 山西省人民政府 · 2021-05-27 · 政策规划 · 现行有效"
 * (news: publisher instead of issuer; absent fields left out).
 */
export function documentLine(document: { meta: SourceFields & { kind: DocumentKind }; status?: PolicyStatus }): string {
  const m = document.meta;
  const status = document.status ?? m.status;
  return [`《${m.title}》`, m.docNumber, m.issuer ?? m.source, m.date, KIND_LABEL[m.kind] ?? m.kind, status && statusLabel(status)].filter(Boolean).join(' · ');
}

export function answerAsPlainText(answer: Answer): string {
  const lines = [...answer.notices.map((n) => `(${n})`), answer.text];
  if (answer.citations.length > 0) {
    lines.push('', '出处 / Sources:');
    for (const c of answer.citations) lines.push(`[${c.n}] ${sourceName(citationSource(c))}`);
  }
  return lines.join('\n');
}

/** The `citations` field of `ask --json`. */
export function citationsJson(answer: Answer) {
  return answer.citations.map((c) => ({
    n: c.n,
    docId: c.passage.docId,
    title: c.title,
    section: sectionLabel(c.passage.section),
    date: c.date,
    ...(c.docNumber !== undefined ? { docNumber: c.docNumber } : {}),
    ...(c.issuer !== undefined ? { issuer: c.issuer } : {}),
    ...(c.source !== undefined ? { source: c.source } : {}),
    ...(c.status !== undefined ? { status: c.status } : {}),
    text: c.passage.text,
    start: c.passage.start,
    end: c.passage.end,
    quoted: c.quoted,
    ...(c.file !== undefined ? { file: c.file } : {}),
    ...(c.lines !== undefined ? { lines: c.lines } : {}),
    ...(c.fileStart !== undefined ? { fileStart: c.fileStart, fileEnd: c.fileEnd } : {}),
    ...(c.pages !== undefined ? { pages: c.pages } : {}),
  }));
}

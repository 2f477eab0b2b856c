/**
 * Document metadata: taken from front matter where the author of the file gave it, otherwise
 * derived from the text (HTML <title>, first heading, document number) or the file name.
 */
import { declaredStatus, DOC_NUMBER, policyFacts } from './policy-metadata.js';
import type { DocumentKind, DocumentMeta } from './types.js';

const KINDS: DocumentKind[] = ['plan', 'report', 'news', 'other'];

function str(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(/\s+/g, ' ').trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

/** Dates as written in front matter ("Sat, 27 Nov 2021 00:40:00 GMT", "2021-05-27", "2024") → ISO-like. */
export function normalizeDate(value: unknown): string | undefined {
  const s = str(value);
  if (s === undefined) return undefined;
  if (/^\d{4}(-\d{2}){0,2}$/.test(s)) return s;
  const cn = /^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$/.exec(s);
  if (cn) return [cn[1], cn[2]?.padStart(2, '0'), cn[3]?.padStart(2, '0')].filter(Boolean).join('-');
  const parsed = new Date(s);
  return Number.isNaN(parsed.getTime()) ? s : parsed.toISOString().slice(0, 10);
}

/**
 * The header news archives put before an article: "[ 2023-07-28 16：40 ] ，正文：",
 * "2023-08-11 15:10，正文：", "2023-08-17，正文：". It is the article's date, not its text.
 */
const NEWS_HEADER = /^\s*[\[［【]?\s*((?:19|20)\d{2})[-/年.](\d{1,2})[-/月.](\d{1,2})日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*[\]］】]?\s*[，,]?\s*正文\s*[:：]\s*/u;

/** Splits a news header off the start of a text: its ISO date and the text after it. */
export function splitNewsHeader(text: string): { date?: string; body: string } {
  const m = NEWS_HEADER.exec(text);
  if (!m) return { body: text };
  return { date: `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`, body: text.slice(m[0].length) };
}

/**
 * Where an original title given inline runs into the article: a closing bracket, a sentence end,
 * or the first words of a news lead (agency, "据…报道", a date line) — news pages glue them together.
 */
const TITLE_END =
  /[）)】。！？!?\n]|\s{2,}|(?:参考消息网|新华社|新华网|中新网|人民网|央视网|环球网|海外网|本文转自|来源[:：]|据[^，。]{0,12}(?:报道|消息)|记者|通讯员|近日|日前|[^\s，。]{0,6}(?:日报|晚报|网)讯|\d{1,2}月\d{1,2}日)/u;
const MAX_TITLE = 60;

function clip(text: string): string {
  const chars = [...text.trim()];
  return chars.length <= MAX_TITLE ? chars.join('') : `${chars.slice(0, MAX_TITLE - 1).join('')}…`;
}

/** The title a news page states as "原标题：…", cut where the article resumes. */
export function originalTitle(text: string): string | undefined {
  const m = /原标题\s*[:：]\s*/u.exec(text);
  if (!m) return undefined;
  const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 200);
  // The lead may only start after a few characters: "据" or a date inside a short title is the title's.
  const end = TITLE_END.exec(rest.slice(6));
  const title = (end ? rest.slice(0, 6 + end.index) : rest).replace(/\s+/g, ' ').trim();
  return title.length >= 4 ? clip(title) : undefined;
}

/** The first sentence of a text, as a title of last resort. */
export function firstSentence(text: string): string | undefined {
  const m = /^[^。！？!?\n]+/u.exec(text.trim());
  return m && m[0].trim().length > 0 ? clip(m[0]) : undefined;
}

export interface MetadataSources {
  fileName: string;
  frontMatter: Record<string, unknown>;
  htmlTitle?: string;
  firstHeading?: string;
  text: string;
  /** Date from a news header at the start of the file. */
  headerDate?: string;
}

export function deriveMetadata(src: MetadataSources): DocumentMeta {
  const fm = src.frontMatter;
  const declaredKindValue = str(fm.kind);
  // A news article that mentions a document number is not that document: only other texts take one from their text.
  const isNews = declaredKindValue === 'news' || (declaredKindValue === undefined && src.headerDate !== undefined);
  const docNumber = str(fm.docNumber) ?? str(fm.doc_number) ?? (isNews ? undefined : DOC_NUMBER.exec(src.text.slice(0, 3000))?.[0]);
  const baseName = src.fileName.replace(/^.*\//, '').replace(/\.[^.]+$/, '');
  // A file name is a title only when a person wrote it (有汉字); archive ids like dup1_1-0001 are not.
  const nameTitle = /\p{Script=Han}/u.test(baseName) ? baseName.replace(/[_-]+/g, ' ') : undefined;
  const title =
    str(fm.title) ??
    src.htmlTitle ??
    src.firstHeading ??
    originalTitle(src.text) ??
    nameTitle ??
    firstSentence(src.text) ??
    baseName.replace(/[_-]+/g, ' ');
  const declaredKind = str(fm.kind) as DocumentKind | undefined;
  const kind: DocumentKind =
    declaredKind && KINDS.includes(declaredKind)
      ? declaredKind
      : src.headerDate
        ? 'news'
        : docNumber || /规划|規劃|方案|意见|意見|办法|辦法|措施|通知/.test(title)
        ? 'plan'
        : /报告|報告|研究/.test(title)
          ? 'report'
          : 'other';
  const meta: DocumentMeta = { title, kind };
  // What the text states (issuer, signature date, status) fills what the front matter leaves out.
  const frontDate = normalizeDate(fm.date) ?? src.headerDate;
  const facts = policyFacts(src.text, title, { news: kind === 'news', date: frontDate });
  const frontStatus = declaredStatus(str(fm.status));
  const optional: Array<[keyof DocumentMeta, string | string[] | undefined]> = [
    ['author', str(fm.author)],
    ['issuer', str(fm.issuer) ?? facts.issuer],
    ['date', frontDate ?? facts.date],
    ['docNumber', docNumber],
    ['source', str(fm.source)],
    ['note', str(fm.note)],
    ['status', frontStatus ?? facts.status],
    ['statusFrom', frontStatus ? 'front matter' : facts.status ? 'text' : undefined],
    ['effective', normalizeDate(fm.effective) ?? facts.effective],
    ['validUntil', normalizeDate(fm.validUntil) ?? normalizeDate(fm.valid_until) ?? facts.validUntil],
    ['repeals', facts.repeals],
  ];
  for (const [key, value] of optional) if (value !== undefined) (meta as unknown as Record<string, unknown>)[key] = value;
  return meta;
}

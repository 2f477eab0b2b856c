/**
 * Document metadata: taken from front matter where the author of the file gave it, otherwise
 * derived from the text (HTML <title>, first heading, document number) or the file name.
 */
import type { DocumentKind, DocumentMeta } from './types.js';

const KINDS: DocumentKind[] = ['plan', 'report', 'news', 'other'];
/** Official document numbers: 晋政发〔2021〕17号, 国发[2017]42号. */
const DOC_NUMBER = /[\p{Script=Han}]{1,8}[〔［[(（]\s*(?:19|20)\d{2}\s*[〕］\])）]\s*\d{1,4}\s*号/u;

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

export interface MetadataSources {
  fileName: string;
  frontMatter: Record<string, unknown>;
  htmlTitle?: string;
  firstHeading?: string;
  text: string;
}

export function deriveMetadata(src: MetadataSources): DocumentMeta {
  const fm = src.frontMatter;
  const docNumber = str(fm.docNumber) ?? str(fm.doc_number) ?? DOC_NUMBER.exec(src.text.slice(0, 3000))?.[0];
  const title =
    str(fm.title) ?? src.htmlTitle ?? src.firstHeading ?? src.fileName.replace(/\.[^.]+$/, '').replace(/[_-]+/g, ' ');
  const declaredKind = str(fm.kind) as DocumentKind | undefined;
  const kind: DocumentKind =
    declaredKind && KINDS.includes(declaredKind)
      ? declaredKind
      : docNumber || /规划|規劃|方案|意见|意見|办法|辦法|措施|通知/.test(title)
        ? 'plan'
        : /报告|報告|研究/.test(title)
          ? 'report'
          : 'other';
  const meta: DocumentMeta = { title, kind };
  const optional: Array<[keyof DocumentMeta, string | undefined]> = [
    ['author', str(fm.author)],
    ['issuer', str(fm.issuer)],
    ['date', normalizeDate(fm.date)],
    ['docNumber', docNumber],
    ['source', str(fm.source)],
    ['note', str(fm.note)],
  ];
  for (const [key, value] of optional) if (value !== undefined) (meta as unknown as Record<string, string>)[key] = value;
  return meta;
}

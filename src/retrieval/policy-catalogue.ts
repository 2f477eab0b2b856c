/**
 * The documents of an index with their policy metadata as of today — the status includes a repeal
 * stated by another document of the knowledge base ("《…》同时废止") — and the filters `ask` and
 * /docs apply: by issuer, by date, in force only.
 */
import { policyStatus } from '../ingest/policy-metadata.js';
import type { DocumentMeta, PolicyStatus } from '../ingest/types.js';
import { issuerAliases } from '../ingest/issuer-names.js';
import { removeCjkSpaces } from '../text/normalize.js';
import { foldToSimplified } from '../text/script.js';
import type { PolicyIndex } from './policy-index.js';

export interface ListedDocument {
  id: string;
  meta: DocumentMeta;
  /** Status today, when the document or the knowledge base says. */
  status?: PolicyStatus;
  /** The document of the knowledge base that repeals this one. */
  repealedBy?: string;
}

export interface DocumentFilter {
  /** Issuing body, as written or abbreviated (省政府, 山西省人民政府). */
  issuer?: string;
  /** Documents dated on or after this day (YYYY, YYYY-MM or YYYY-MM-DD). */
  since?: string;
  /** Only documents known to be in force. */
  inForce?: boolean;
}

function normal(text: string): string {
  return removeCjkSpaces(foldToSimplified(text.normalize('NFKC'))).replace(/《|》|\s+/g, '');
}

/** The documents with their status today; `repealedBy` from the other documents' 同时废止 lists. */
export function catalogue(documents: Array<{ id: string; meta: DocumentMeta }>, today?: string): ListedDocument[] {
  const byTitle = new Map<string, string>();
  for (const d of documents) {
    for (const title of d.meta.repeals ?? []) byTitle.set(normal(title), d.id);
  }
  return documents.map(({ id, meta }) => {
    const inner = /关于印发(.+)的通知$/u.exec(meta.title)?.[1];
    const repealedBy = [meta.title, inner].flatMap((t) => (t ? [byTitle.get(normal(t))] : [])).find((by) => by !== undefined && by !== id);
    const status = policyStatus(meta, today, repealedBy);
    return { id, meta, ...(status ? { status } : {}), ...(repealedBy ? { repealedBy } : {}) };
  });
}

/** The last day a partial date can mean: 2021 → 2021-12-31, 2021-05 → 2021-05-31. */
function latestDay(date: string): string {
  if (/^\d{4}$/.test(date)) return `${date}-12-31`;
  if (/^\d{4}-\d{2}$/.test(date)) return `${date}-31`;
  return date;
}

export function matchesFilter(document: ListedDocument, filter: DocumentFilter): boolean {
  if (filter.issuer) {
    const wanted = normal(filter.issuer);
    const issuer = document.meta.issuer;
    if (!issuer || !(normal(issuer).includes(wanted) || issuerAliases(issuer).some((alias) => normal(alias) === wanted))) return false;
  }
  if (filter.since && !(document.meta.date && latestDay(document.meta.date) >= filter.since)) return false;
  if (filter.inForce && document.status !== 'in-force') return false;
  return true;
}

export function isEmptyFilter(filter: DocumentFilter | undefined): boolean {
  return !filter || (!filter.issuer && !filter.since && !filter.inForce);
}

/** Checks a filter as a user typed it; a message naming the bad value otherwise. */
export function parseDocumentFilter(input: { issuer?: string; since?: string; inForce?: boolean }): { ok: true; filter: DocumentFilter } | { ok: false; error: string } {
  const filter: DocumentFilter = {};
  if (input.issuer !== undefined) {
    if (!input.issuer.trim()) return { ok: false, error: '--issuer needs a name, e.g. --issuer 山西省人民政府' };
    filter.issuer = input.issuer.trim();
  }
  if (input.since !== undefined) {
    const m = /^((?:19|20)\d{2})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(input.since.trim());
    const [month, day] = [Number(m?.[2] ?? 1), Number(m?.[3] ?? 1)];
    if (!m || month < 1 || month > 12 || day < 1 || day > 31) return { ok: false, error: `--since must be a date like 2021-01-01 (got "${input.since}")` };
    filter.since = [m[1], (m[2] ?? '1').padStart(2, '0'), (m[3] ?? '1').padStart(2, '0')].join('-');
  }
  if (input.inForce) filter.inForce = true;
  return { ok: true, filter };
}

const cached = new WeakMap<PolicyIndex, ListedDocument[]>();

/** Every document of the index with its metadata and status, sorted by id (read once per index state). */
export function listPolicyDocuments(index: PolicyIndex, filter?: DocumentFilter): ListedDocument[] {
  let all = cached.get(index);
  if (!all) {
    all = catalogue(index.documentMetas());
    cached.set(index, all);
  }
  return isEmptyFilter(filter) ? all : all.filter((d) => matchesFilter(d, filter!));
}

/** Ids of the documents a filter lets through; undefined when it lets everything through. */
export function allowedDocuments(index: PolicyIndex, filter?: DocumentFilter): Set<string> | undefined {
  if (isEmptyFilter(filter)) return undefined;
  return new Set(listPolicyDocuments(index, filter).map((d) => d.id));
}

/** The filter as the options that set it: "--issuer 省政府 --since 2021-01-01 --in-force". */
export function describeFilter(filter: DocumentFilter): string {
  return [filter.issuer && `--issuer ${filter.issuer}`, filter.since && `--since ${filter.since}`, filter.inForce && '--in-force'].filter(Boolean).join(' ');
}

/**
 * Documents a question names by their metadata rather than their words: a document number
 * (晋政发〔2021〕17号 in any brackets or width, 17号文) or an issuing body, also abbreviated as
 * people say it (省政府 for 山西省人民政府, 省工信厅 for 山西省工业和信息化厅). Matched against the
 * documents the knowledge base has; a name no document carries refers to nothing.
 */
import { comparableName as normal, issuerAliases } from '../ingest/issuer-names.js';
import { canonicalDocNumber, docNumberSerial } from '../ingest/policy-metadata.js';

/** What the analysis needs to know of a document to recognise a reference to it. */
export interface ReferableDocument {
  id: string;
  docNumber?: string;
  issuer?: string;
}

export interface DocumentReferences {
  /** Documents the question names, in knowledge-base order. */
  ids: string[];
  /** The words of the question that name them (as written, normalised), left out of its terms. */
  named: string[];
}

/** 晋政发〔2021〕17号 in the question, brackets and width as typed. */
const FULL_NUMBER = /(\p{Script=Han}{1,10})\s*[〔［[(（【]\s*((?:19|20)\d{2})\s*[〕］\])）】]\s*(\d{1,4})\s*号(?:文件|文)?/gu;
/** 晋政发2021年17号. */
const YEAR_NUMBER = /(\p{Script=Han}{1,10}?)((?:19|20)\d{2})年?(\d{1,4})号(?:文件|文)?/gu;
/** 17号文, 17号文件. */
const SHORT_NUMBER = /(?<![\d〕\]）)】])(\d{1,4})\s*号\s*(?:文件|文)/gu;

interface Parsed {
  prefix: string;
  year: string;
  serial: number;
}

function parseDocNumber(docNumber: string): Parsed | undefined {
  const m = /^(\p{Script=Han}+)〔((?:19|20)\d{2})〕(\d{1,4})号$/u.exec(canonicalDocNumber(docNumber));
  return m ? { prefix: normal(m[1]!), year: m[2]!, serial: Number(m[3]) } : undefined;
}

/** The documents `question` names by number or issuer. */
export function documentReferences(question: string, documents: ReferableDocument[]): DocumentReferences | undefined {
  const text = normal(question);
  const ids = new Set<string>();
  const named: string[] = [];
  const numbered = documents.flatMap((d) => {
    const parsed = d.docNumber ? parseDocNumber(d.docNumber) : undefined;
    return parsed ? [{ id: d.id, ...parsed }] : [];
  });
  let rest = text;
  for (const pattern of [FULL_NUMBER, YEAR_NUMBER]) {
    for (const m of text.matchAll(pattern)) {
      const [, prefix = '', year, serial] = m;
      const hits = numbered.filter((d) => d.year === year && d.serial === Number(serial) && (prefix.endsWith(d.prefix) || d.prefix.endsWith(prefix)));
      if (hits.length === 0) continue;
      for (const d of hits) ids.add(d.id);
      const cut = m[0].slice(Math.max(0, prefix.length - Math.min(prefix.length, hits[0]!.prefix.length)));
      named.push(cut);
      rest = rest.replace(cut, ' ');
    }
  }
  for (const m of rest.matchAll(SHORT_NUMBER)) {
    const hits = documents.filter((d) => d.docNumber && docNumberSerial(d.docNumber) === Number(m[1]));
    if (hits.length === 0) continue;
    for (const d of hits) ids.add(d.id);
    named.push(m[0]);
    rest = rest.replace(m[0], ' ');
  }
  const aliases = documents
    .flatMap((d) => (d.issuer ? issuerAliases(d.issuer).map((alias) => ({ id: d.id, alias })) : []))
    .sort((a, b) => b.alias.length - a.alias.length);
  for (const { alias } of aliases) {
    if (!rest.includes(alias)) continue;
    for (const d of aliases) if (d.alias === alias) ids.add(d.id);
    named.push(alias);
    rest = rest.split(alias).join(' ');
  }
  if (ids.size === 0) return undefined;
  return { ids: documents.map((d) => d.id).filter((id) => ids.has(id)), named };
}

/** The question with the words that name documents taken out (they are met by the documents, not by passages). */
export function withoutReferences(question: string, references: DocumentReferences): string {
  let text = normal(question);
  for (const name of references.named) text = text.split(name).join(' ');
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The fields of an official document that its text states even when no front matter gives them:
 * the issuing body (制定机关, the signature above the date, "XX关于印发…的通知"), the date it was
 * signed, and whether it is in force (时效性, 已废止, 自…起施行, 有效期至…, 《…》同时废止). Pure.
 */
import type { PolicyStatus } from './types.js';

/** Official document numbers: 晋政发〔2021〕17号, 国发[2017]42号, 晋政办发【2022】3号. */
export const DOC_NUMBER = /[\p{Script=Han}]{1,8}\s*[〔［[(（【]\s*(?:19|20)\d{2}\s*[〕］\])）】]\s*\d{1,4}\s*号/u;

/**
 * One spelling of a document number for comparison: full width unified, every bracket as 〔〕,
 * no spaces. 晋政发[2021]17号, 晋政发（２０２１）17号 and 晋政发【2021】17号 are the same number.
 */
export function canonicalDocNumber(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[[(【〔]/g, '〔')
    .replace(/[\])】〕]/g, '〕');
}

/** The serial number of a document number: 17 in 晋政发〔2021〕17号. */
export function docNumberSerial(docNumber: string): number | undefined {
  const m = /〕(\d{1,4})号$/.exec(canonicalDocNumber(docNumber));
  return m ? Number(m[1]) : undefined;
}

/** Names of bodies that issue documents end like this (人民政府, 工业和信息化厅, 发展和改革委员会, …). */
const BODY_END = /(?:人民政府|政府|办公厅|办公室|委员会|厅|委|局|部|院|署|办|中心|总局|银行|集团)$/u;
const ORGANISATION = /^[\p{Script=Han}（）()]{3,30}$/u;

function looksLikeIssuer(name: string): boolean {
  return ORGANISATION.test(name) && BODY_END.test(name);
}

/** "2021年4月30日", "2021.05.27", "2021-05-27" → "2021-04-30". */
export function isoDate(text: string): string | undefined {
  const m = /((?:19|20)\d{2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?/u.exec(text.normalize('NFKC'));
  if (!m) return undefined;
  const [month, day] = [Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/** The value of a "【制定机关】…" / "发文机关：…" attribute line. */
function attribute(text: string, names: string): string | undefined {
  const re = new RegExp(`(?:^|\\n)[∙•·\\s]*(?:【\\s*(?:${names})\\s*】|(?:${names})\\s*[:：])\\s*([^\\n]+)`, 'u');
  const value = re.exec(text)?.[1]?.trim();
  return value && value.length > 0 ? value : undefined;
}

/** "山西省人民政府关于印发…的通知" → 山西省人民政府. */
function issuerFromTitle(title: string): string | undefined {
  const m = /^(.{3,30}?)关于/u.exec(title.normalize('NFKC'));
  const name = m?.[1];
  return name && looksLikeIssuer(name) ? name : undefined;
}

/** A signature: the issuing body on its own line, the date it was signed on the next. */
const SIGNATURE = /(?:^|\n)([^\n，,。；;：:]{3,30})\n((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)[ \t]*(?=\n|$)/gu;

function signature(text: string): { issuer: string; date?: string } | undefined {
  for (const m of text.matchAll(SIGNATURE)) {
    const name = m[1]!.trim();
    if (looksLikeIssuer(name)) return { issuer: name, date: isoDate(m[2]!) };
  }
  return undefined;
}

export interface PolicyFacts {
  issuer?: string;
  /** The date the text gives for the document (公布日期, the signature's). */
  date?: string;
  status?: PolicyStatus;
  effective?: string;
  validUntil?: string;
  repeals?: string[];
}

/** 时效性 values and other statements of status as official databases write them. */
function statusWord(value: string): PolicyStatus | undefined {
  if (/现行有效|現行有效|^有效|尚未失效|已被修改|部分修改/.test(value)) return 'in-force';
  if (/已废止|已廢止|废止|廢止|被替代|已被替代/.test(value)) return 'superseded';
  if (/失效|已过期|已過期|过期/.test(value)) return 'expired';
  return undefined;
}

const REPEALS = /((?:《[^》\n]{2,80}》[^《。；\n]{0,40}?[、和及与]?)+)\s*同时废止/gu;
const EFFECTIVE = /自\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|印发之日|发布之日|公布之日)\s*起\s*(?:施行|实施|执行|生效)/u;
const VALID_UNTIL = /有效期(?:至|到|截至)\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)/u;
/** The document saying of itself that it no longer applies. */
const SELF_REPEALED = /(?:此件|本件|本文件|该文件|本(?:通知|办法|规定|意见|决定|方案|细则|措施))(?:已|现已)(?:废止|失效)/u;

/**
 * What the text says about a document: its issuer and date (for documents that are not news),
 * and its status. `date` is the document's date if already known, for "自印发之日起施行".
 */
export function policyFacts(text: string, title: string, options: { news: boolean; date?: string }): PolicyFacts {
  const facts: PolicyFacts = {};
  const head = text.slice(0, 4000);
  if (!options.news) {
    const sign = signature(text);
    const declared = attribute(head, '制定机关|发布机关|发文机关|发文单位|颁布机关');
    facts.issuer = (declared && looksLikeIssuer(declared) ? declared : undefined) ?? issuerFromTitle(title) ?? sign?.issuer;
    facts.date = isoDate(attribute(head, '公布日期|发布日期|成文日期|印发日期') ?? '') ?? sign?.date;
  }
  const declaredStatus = attribute(head, '时效性|效力状态|时效状态');
  const status = declaredStatus ? statusWord(declaredStatus) : SELF_REPEALED.test(text) ? 'superseded' : undefined;
  if (status) facts.status = status;
  const effective = EFFECTIVE.exec(text);
  if (effective) {
    const when = isoDate(effective[1]!) ?? options.date ?? facts.date;
    if (when) facts.effective = when;
  }
  const until = VALID_UNTIL.exec(text);
  if (until) facts.validUntil = isoDate(until[1]!);
  const repeals = [...text.matchAll(REPEALS)].flatMap((m) => [...m[1]!.matchAll(/《([^》]+)》/gu)].map((t) => t[1]!));
  if (repeals.length > 0) facts.repeals = [...new Set(repeals)];
  return facts;
}

/** Parses a front matter `status:` value; undefined when it is not one the index knows. */
export function declaredStatus(value: string | undefined): PolicyStatus | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if (['in-force', 'inforce', 'valid', 'active', 'current', 'effective'].includes(v)) return 'in-force';
  if (['superseded', 'repealed', 'replaced', 'abolished'].includes(v)) return 'superseded';
  if (['expired', 'lapsed', 'invalid'].includes(v)) return 'expired';
  return statusWord(value);
}

/**
 * The status of a document on `today`: the stated status (front matter, or the text's 时效性),
 * expired once its 有效期 has passed, in force when it states when it took effect or a 有效期 still running; otherwise
 * unknown. `repealedBy` names a document of the knowledge base that repeals this one.
 */
export function policyStatus(
  meta: { status?: PolicyStatus; statusFrom?: 'front matter' | 'text'; effective?: string; validUntil?: string },
  today: string = new Date().toISOString().slice(0, 10),
  repealedBy?: string,
): PolicyStatus | undefined {
  if (meta.status && meta.statusFrom === 'front matter') return meta.status;
  if (repealedBy) return 'superseded';
  if (meta.validUntil && meta.validUntil < today) return 'expired';
  if (meta.status) return meta.status;
  if (meta.effective || meta.validUntil) return 'in-force';
  return undefined;
}

/**
 * Model mode: numbered passages and the question go to the chat model through the prompt files;
 * its reply is checked (markers, figures) before it is passed off as grounded.
 */
import { normalizeForIndex } from '../text/normalize.js';
import { unsupportedFigures } from '../text/figures.js';
import type { Script } from '../text/script.js';
import { sectionLabel } from '../ingest/types.js';
import type { SearchHit } from '../retrieval/query/search.js';
import { bigramTokens } from '../retrieval/tokenize.js';
import type { ChatMessage } from './chat-model.js';
import { checkCitations, citationOf } from './citations.js';
import { REFUSAL_TOKEN, type Prompts } from './prompts.js';
import { sentencesOf, share } from './sentences.js';
import type { Citation } from './types.js';

const SCRIPT_NAME: Record<Script, string> = {
  simplified: 'Simplified Chinese',
  traditional: 'Traditional Chinese',
  latin: 'English',
};

/** The passages as the prompt shows them: `[n] 《title》 · section (date)` and the text. */
export function numberedPassages(hits: SearchHit[]): string {
  return hits
    .map((h, i) => {
      const meta = h.document.meta;
      const section = sectionLabel(h.passage.section);
      return `[${i + 1}] 《${meta.title}》${section ? ` · ${section}` : ''}${meta.date ? ` (${meta.date})` : ''}\n${h.passage.text}`;
    })
    .join('\n\n');
}

export async function promptMessages(prompts: Prompts, template: 'answer' | 'briefing', hits: SearchHit[], subject: string, script: Script): Promise<ChatMessage[]> {
  const user = await prompts[template].format({
    passages: numberedPassages(hits),
    [template === 'answer' ? 'question' : 'topic']: subject,
    script: SCRIPT_NAME[script],
    refusal_token: REFUSAL_TOKEN,
  });
  return [
    { role: 'system', content: await prompts.system.format({ refusal_token: REFUSAL_TOKEN }) },
    { role: 'user', content: user },
  ];
}

export type ModelVerdict =
  | { kind: 'answer'; text: string; citations: Citation[]; /** Figures whose sentences were dropped. */ dropped?: string[] }
  | { kind: 'refusal' }
  | { kind: 'ungrounded'; why: string };

/** Text shown while the model streams: markers checked, the refusal token hidden. */
export function draftOf(partial: string, passageCount: number): string {
  if (REFUSAL_TOKEN.startsWith(partial.trim().slice(0, REFUSAL_TOKEN.length)) || partial.includes(REFUSAL_TOKEN)) return '';
  return checkCitations(partial.replace(/\[[^\]]*$/, ''), passageCount).text;
}

/** Sentences of a reply with the markers that follow them ("…亿元。[1]" keeps its [1]). */
function claimsOf(text: string): string[] {
  return text.match(/[^。！？!?；;\n]+[。！？!?；;]*(?:\s*\[\d+\])*\n?/g) ?? [text];
}

/**
 * Judges a finished model reply against the passages it was given: markers are checked and
 * renumbered; a sentence stating a figure that none of its cited passages holds (compared as a
 * number with its unit: 五千亿元 is not 500亿元, 100万亿 is not 100多项) is dropped; a reply left
 * with no cited sentence is not grounded.
 */
export function judgeModelReply(reply: string, hits: SearchHit[]): ModelVerdict {
  if (reply.includes(REFUSAL_TOKEN) || reply.trim() === '') return { kind: 'refusal' };
  const marked = checkCitations(reply, hits.length);
  if (marked.cited.length === 0) return { kind: 'ungrounded', why: 'no valid citation markers' };
  const dropped: string[] = [];
  const kept = claimsOf(marked.text).filter((claim) => {
    const numbers = [...claim.matchAll(/\[(\d+)\]/g)].map((m) => marked.cited[Number(m[1]) - 1]!);
    const sources = (numbers.length > 0 ? numbers : marked.cited).map((n) => `${hits[n - 1]!.document.meta.title} ${hits[n - 1]!.passage.text}`);
    const invented = unsupportedFigures(claim.replace(/\[\d+\]/g, ''), sources);
    if (invented.length > 0) dropped.push(...invented.map((f) => f.raw));
    return invented.length === 0;
  });
  // Renumber what is left, so the markers still run 1..m in order of use.
  const checked = checkCitations(
    kept.join('').replace(/\[(\d+)\]/g, (_m, n: string) => `[${marked.cited[Number(n) - 1]}]`),
    hits.length,
  );
  if (checked.cited.length === 0) return { kind: 'ungrounded', why: `figures not in the cited passages: ${dropped.join(', ')}` };
  const cited = checked.cited.map((n) => hits[n - 1]!);
  const citations: Citation[] = cited.map((hit, i) => citationOf(i + 1, hit, quotedSentences(checked.text, i + 1, hit.passage.text)));
  return { kind: 'answer', text: checked.text, citations, ...(dropped.length > 0 ? { dropped } : {}) };
}

/** The passage sentences closest to the answer's sentences that cite marker n (for highlighting). */
function quotedSentences(answer: string, n: number, passage: string): string[] {
  // "…亿元。[1]" cites the sentence before the marker: move markers in front of the full stop.
  const claims = sentencesOf(answer.replace(/([。！？!?；;])\s*((?:\[\d+\])+)/g, '$2$1'), 2).filter((s) => s.includes(`[${n}]`));
  const sentences = sentencesOf(passage);
  const quoted = new Set<string>();
  for (const claim of claims) {
    const grams = [...new Set(bigramTokens(normalizeForIndex(claim.replace(/\[\d+\]/g, ''))))];
    const best = sentences.map((s) => ({ s, v: share(grams, s) })).sort((a, b) => b.v - a.v)[0];
    if (best && best.v >= 0.3) quoted.add(best.s);
  }
  return [...quoted];
}

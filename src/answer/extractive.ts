/**
 * The offline answer: the sentences of the retrieved passages that best match the question, each
 * followed by its [n], numbers untouched; or a refusal when the evidence does not cover the question.
 */
import { normalizeForIndex } from '../ingest/normalize.js';
import { detectScript, foldToSimplified, toTraditionalScript, type Script } from '../ingest/script.js';
import { bigramTokens, wordTokens } from '../retrieval/tokenize.js';
import type { SearchHit } from '../retrieval/search.js';
import type { Answer, Citation } from './types.js';

export interface ExtractiveOptions {
  /** Share of the question's terms a passage must contain for the documents to count as answering. */
  minCoverage: number;
  maxChars: number;
  maxSentences: number;
  /** How many of the top passages sentences are drawn from. */
  passages: number;
}

// minCoverage 0.68 separates the dev set's answerable questions (word coverage 0.55–1.0, median 0.9)
// from its unanswerable ones (0.40–0.82) with the fewest mistakes on both sides.
export const DEFAULT_EXTRACTIVE_OPTIONS: ExtractiveOptions = { minCoverage: 0.68, maxChars: 400, maxSentences: 3, passages: 3 };

const SENTENCE = /[^。！？!?；;\n]+[。！？!?；;]*[”’」』"')）]*/g;

interface Candidate {
  hitIndex: number;
  order: number;
  text: string;
  score: number;
}

/** Question terms: jieba words (two characters or more) and bigrams. */
function questionTerms(question: string): { words: string[]; bigrams: string[] } {
  const norm = normalizeForIndex(question);
  return { words: [...new Set(wordTokens(norm))].filter((w) => [...w].length >= 2), bigrams: [...new Set(bigramTokens(norm))] };
}


/** Share of `terms` found in a text (normalised). */
function share(terms: string[], text: string): number {
  if (terms.length === 0) return 0;
  const norm = normalizeForIndex(text).replace(/\s+/g, '');
  return terms.filter((t) => norm.includes(t)).length / terms.length;
}

export function inScript(text: string, script: Script): string {
  if (script === 'traditional') return toTraditionalScript(text);
  return foldToSimplified(text); // Simplified questions, and English ones, get Simplified Chinese
}

const REFUSAL: Record<Script, string> = {
  simplified: '资料中没有找到能回答这个问题的内容。',
  traditional: '資料中沒有找到能回答這個問題的內容。',
  latin: 'The documents do not answer this question.',
};

export function extractiveAnswer(question: string, hits: SearchHit[], options: Partial<ExtractiveOptions> = {}): Answer {
  const o = { ...DEFAULT_EXTRACTIVE_OPTIONS, ...options };
  const script = detectScript(question);
  const terms = questionTerms(question);
  const notices = script === 'latin' ? ['The documents are in Chinese; the answer quotes them in Chinese.'] : [];
  const top = hits.slice(0, o.passages);
  const best = Math.max(0, ...top.map((h) => share(terms.words, `${h.passage.section.join(' ')} ${h.passage.text}`)));
  // English questions share no bigrams with Chinese passages: judge them by the matched terms instead.
  const supported = script === 'latin' ? (top[0]?.matchedTerms.length ?? 0) >= 2 : best >= o.minCoverage;
  if (!supported || top.length === 0) {
    const closest = [...new Set(hits.slice(0, 3).map((h) => h.document.meta.title))];
    const hint = closest.length > 0 && script !== 'latin' ? `${script === 'traditional' ? '最相關的文件' : '最相关的文件'}：${closest.map((t) => `《${inScript(t, script)}》`).join('、')}` : '';
    return { text: [REFUSAL[script], hint].filter(Boolean).join('\n'), citations: [], refused: true, mode: 'extractive', notices };
  }

  const candidates: Candidate[] = [];
  top.forEach((hit, hitIndex) => {
    let order = 0;
    for (const m of hit.passage.text.matchAll(SENTENCE)) {
      const text = m[0].trim();
      if ([...text].length < 6) continue;
      const c = share(terms.bigrams, text);
      // Favour sentences from better-ranked passages; a sentence with figures answers more questions.
      const score = c * (1 - hitIndex * 0.15) + (/\d/.test(text) ? 0.05 : 0);
      candidates.push({ hitIndex, order: order++, text, score });
    }
  });

  const chosen: Candidate[] = [];
  let length = 0;
  for (const c of [...candidates].sort((a, b) => b.score - a.score)) {
    if (chosen.length >= o.maxSentences || c.score <= 0.05) break;
    const norm = normalizeForIndex(c.text);
    if (chosen.some((x) => normalizeForIndex(x.text) === norm)) continue;
    if (length > 0 && length + [...c.text].length > o.maxChars) continue;
    chosen.push(c);
    length += [...c.text].length;
  }
  chosen.sort((a, b) => a.hitIndex - b.hitIndex || a.order - b.order);

  const citations: Citation[] = [];
  const parts = chosen.map((c) => {
    const hit = top[c.hitIndex]!;
    let citation = citations.find((x) => x.passage.id === hit.passage.id);
    if (!citation) {
      citation = { n: citations.length + 1, passage: hit.passage, title: hit.document.meta.title, date: hit.document.meta.date, quoted: [] };
      citations.push(citation);
    }
    citation.quoted.push(c.text);
    return `${inScript(c.text, script)}[${citation.n}]`;
  });
  return { text: parts.join(''), citations, refused: false, mode: 'extractive', notices };
}

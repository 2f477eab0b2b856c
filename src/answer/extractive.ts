/**
 * The offline answer: the sentences of the retrieved passages that best match the question, each
 * followed by its [n], numbers untouched; or a refusal when the evidence does not cover the question.
 */
import { normalizeForIndex } from '../text/normalize.js';
import { detectScript, type Script } from '../text/script.js';
import { bigramTokens } from '../retrieval/tokenize.js';
import type { SearchHit } from '../retrieval/query/search.js';
import { judgeEvidence, type Evidence } from './evidence.js';
import { inScript, sentencesOf, share } from './sentences.js';
import type { Answer, Citation } from './types.js';


export interface ExtractiveOptions {
  maxChars: number;
  maxSentences: number;
  /** How many of the top passages sentences are drawn from. */
  passages: number;
  /** Sentences after the first must score at least this share of the best one. */
  relativeFloor: number;
  /**
   * For a follow-up searched with carried-over terms: the user's own words, which say what is new
   * ("那碳纤维呢？"), so sentences about them are preferred.
   */
  focus?: string;
  /** The query as searched (English expanded to Chinese terms), to match sentences against. */
  searched?: string;
}

export const DEFAULT_EXTRACTIVE_OPTIONS: ExtractiveOptions = { maxChars: 400, maxSentences: 3, passages: 3, relativeFloor: 0.5 };

interface Candidate {
  hitIndex: number;
  order: number;
  text: string;
  score: number;
}

const REFUSAL: Record<Script, string> = {
  simplified: '资料中没有找到能回答这个问题的内容。',
  traditional: '資料中沒有找到能回答這個問題的內容。',
  latin: 'The documents do not answer this question.',
};

const ENGLISH_NOTICE = 'The documents are in Chinese; the answer quotes them in Chinese.';

/** The honest "the documents don't say", in the asker's script, naming the closest documents. */
export function refusal(question: string, hits: SearchHit[], mode: Answer['mode'] = 'extractive'): Answer {
  const script = detectScript(question);
  const closest = [...new Set(hits.slice(0, 3).map((h) => h.document.meta.title))];
  const label = { simplified: '最相关的文件', traditional: '最相關的文件', latin: 'Closest documents' }[script];
  const hint = closest.length > 0 ? `${label}: ${closest.map((t) => `《${inScript(t, script)}》`).join('、')}` : '';
  return { text: [REFUSAL[script], hint].filter(Boolean).join('\n'), citations: [], refused: true, mode, notices: [] };
}

/**
 * `evidence` is the pipeline's judgement; without it (tests, tools) the evidence is judged here with
 * unweighted words.
 */
export function extractiveAnswer(question: string, hits: SearchHit[], evidence?: Evidence, options: Partial<ExtractiveOptions> = {}): Answer {
  const o = { ...DEFAULT_EXTRACTIVE_OPTIONS, ...options };
  const script = detectScript(o.focus ?? question);
  // Sentences are matched against what was searched: English words count by their Chinese terms.
  const bigrams = [...new Set(bigramTokens(normalizeForIndex(o.searched ?? question)))];
  const focus = o.focus ? [...new Set(bigramTokens(normalizeForIndex(o.focus)))].filter((b) => !/[呢吗那么]/.test(b)) : [];
  const notices = script === 'latin' ? [ENGLISH_NOTICE] : [];
  const top = hits.slice(0, o.passages);
  if (!(evidence ?? judgeEvidence(question, hits)).supported) return { ...refusal(question, hits), notices };

  const candidates: Candidate[] = [];
  top.forEach((hit, hitIndex) => {
    sentencesOf(hit.passage.text).forEach((text, order) => {
      const c = share(bigrams, text);
      // Favour sentences from better-ranked passages; a sentence with figures answers more questions.
      const f = focus.length > 0 ? share(focus, text) : 1;
      const focused = f > 0 ? 0.5 + 0.5 * f : 0.1;
      const score = c * focused * (1 - hitIndex * 0.15) + (/\d/.test(text) ? 0.05 : 0);
      candidates.push({ hitIndex, order, text, score });
    });
  });

  const chosen: Candidate[] = [];
  let length = 0;
  for (const c of [...candidates].sort((a, b) => b.score - a.score)) {
    if (chosen.length >= o.maxSentences || c.score <= 0.05) break;
    // A sentence far weaker than the best one is padding, not part of the answer.
    if (chosen.length > 0 && c.score < chosen[0]!.score * o.relativeFloor) break;
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

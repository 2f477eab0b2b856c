/**
 * Offline briefings for `/brief 主题`: a summary line and 3–6 cited key points drawn in turn from
 * the documents that discuss the topic, figures preferred; `/brief` alone describes the knowledge base.
 */
import { normalizeForIndex } from '../text/normalize.js';
import type { Script } from '../text/script.js';
import type { PolicyIndex } from '../retrieval/policy-index.js';
import type { SearchHit } from '../retrieval/query/search.js';
import { bigramTokens } from '../retrieval/tokenize.js';
import { inScript, sentencesOf, share } from './sentences.js';
import { citationOf } from './citations.js';
import type { Answer, Citation } from './types.js';

export const BRIEFING_POINTS = { min: 3, max: 6 };

const TEXT: Record<Script, { summary: (topic: string, docs: number) => string; overview: (docs: number, passages: number) => string }> = {
  simplified: {
    summary: (t, d) => `关于「${t}」，知识库中 ${d} 份文件有相关内容，要点如下：`,
    overview: (d, p) => `知识库共 ${d} 份文件、${p} 段，涵盖：`,
  },
  traditional: {
    summary: (t, d) => `關於「${t}」，知識庫中 ${d} 份文件有相關內容，要點如下：`,
    overview: (d, p) => `知識庫共 ${d} 份文件、${p} 段，涵蓋：`,
  },
  latin: {
    summary: (t, d) => `On "${t}", ${d} document(s) in the knowledge base have something to say (quoted in Chinese):`,
    overview: (d, p) => `The knowledge base holds ${d} documents (${p} passages):`,
  },
};

/** Hits taken in turn from each document (best first), so the points span several documents. */
function interleaveByDocument(hits: SearchHit[]): SearchHit[] {
  const byDoc = new Map<string, SearchHit[]>();
  for (const h of hits) byDoc.set(h.passage.docId, [...(byDoc.get(h.passage.docId) ?? []), h]);
  const queues = [...byDoc.values()];
  const out: SearchHit[] = [];
  for (let round = 0; out.length < hits.length; round++) for (const q of queues) if (q[round]) out.push(q[round]!);
  return out;
}

export function extractiveBriefing(topic: string, hits: SearchHit[], script: Script): Answer {
  const bigrams = [...new Set(bigramTokens(normalizeForIndex(topic)))];
  const citations: Citation[] = [];
  const points: string[] = [];
  const seen = new Set<string>();
  for (const hit of interleaveByDocument(hits)) {
    if (points.length >= BRIEFING_POINTS.max) break;
    // The sentence of this passage most about the topic, a figure breaking ties.
    const best = sentencesOf(hit.passage.text, 10)
      .map((text) => ({ text, score: share(bigrams, text) + (/\d/.test(text) ? 0.2 : 0) }))
      .filter((s) => s.score > 0.2 && [...s.text].length <= 160)
      .sort((a, b) => b.score - a.score)[0];
    if (!best || seen.has(normalizeForIndex(best.text))) continue;
    seen.add(normalizeForIndex(best.text));
    const n = citations.length + 1;
    citations.push(citationOf(n, hit, [best.text]));
    points.push(`• ${inScript(best.text, script)}[${n}]`);
  }
  const docs = new Set(citations.map((c) => c.passage.docId)).size;
  const notices = script === 'latin' ? ['The documents are in Chinese; the points quote them in Chinese.'] : [];
  return { text: [TEXT[script].summary(topic, docs), ...points].join('\n'), citations, outcome: 'answer', refused: false, mode: 'extractive', notices };
}

/** `/brief` without a topic: what the knowledge base covers, document by document. */
export function knowledgeBaseOverview(index: PolicyIndex, script: Script = 'simplified'): Answer {
  const lines = index.listDocuments().map((d) => {
    const sections = index.outline(d.id, 4);
    const date = d.meta.date ? ` (${d.meta.date})` : '';
    // Titles and headings as written: they are names the user may look up.
    return `• ${d.meta.title}${date}${sections.length ? `：${sections.join('；')}` : ''}`;
  });
  return { text: [TEXT[script].overview(index.documentCount, index.passageCount), ...lines].join('\n'), citations: [], outcome: 'answer', refused: false, mode: 'extractive', notices: [] };
}


/**
 * Dense retrieval alone (no BM25, no fusion), hash embedder against word vectors: for each question
 * the rank of the first passage that answers it among all passages by cosine similarity. Measures
 * what the embedder itself contributes, plus embedding throughput. Not a test: figures for reports.
 *
 *   npx tsx scripts/vectors/dense-eval.ts KNOWLEDGE_DIR QUESTIONS.jsonl [more.jsonl ...]
 * QUESTIONS: eval/dev.jsonl format ({question, answerable, gold: [{doc, quote}]}) or CRUD-RAG
 * dev.jsonl format ({question, answers, doc}: answered = a passage of `doc` contains an answer).
 */
import { readFileSync } from 'node:fs';
import { compactForMatch } from '../../src/text/normalize.js';
import { loadKnowledgeBase } from '../../src/ingest/knowledge-base.js';
import type { Passage } from '../../src/ingest/types.js';
import type { PassageEmbedder } from '../../src/retrieval/embedder.js';
import { LocalHashEmbedder } from '../../src/retrieval/local-embedder.js';
import { indexTextOf } from '../../src/retrieval/policy-index.js';
import { WordVectorEmbedder } from '../../src/retrieval/word-vector-embedder.js';

interface Question {
  question: string;
  /** Any of these (doc, compact quote) pairs found in a passage answers the question. */
  gold: Array<{ doc: string; quote: string }>;
}

function readQuestions(file: string): Question[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l))
    .filter((q) => q.answerable !== false)
    .map((q) => ({
      question: q.question as string,
      gold: q.gold
        ? (q.gold as Array<{ doc: string; quote: string }>).map((g) => ({ doc: g.doc, quote: compactForMatch(g.quote) }))
        : (q.answers as string[]).map((a) => ({ doc: `${q.doc}.txt`, quote: compactForMatch(a) })),
    }));
}

function rankOf(q: Question, order: number[], passages: Passage[], compact: string[]): number | undefined {
  for (let r = 0; r < order.length && r < 100; r++) {
    const i = order[r]!;
    if (q.gold.some((g) => passages[i]!.docId === g.doc && compact[i]!.includes(g.quote))) return r + 1;
  }
  return undefined;
}

async function main(): Promise<void> {
  const [kbDir, ...sets] = process.argv.slice(2);
  if (!kbDir || sets.length === 0) throw new Error('usage: dense-eval.ts KNOWLEDGE_DIR QUESTIONS.jsonl...');
  const kb = await loadKnowledgeBase(kbDir);
  const byId = new Map(kb.documents.map((d) => [d.id, d]));
  const texts = kb.passages.map((p) => indexTextOf(p, byId.get(p.docId)!));
  const compact = kb.passages.map((p) => compactForMatch(p.text));
  console.log(`${kbDir}: ${kb.documents.length} documents, ${kb.passages.length} passages`);

  const t0 = performance.now();
  const embedders: Array<[string, PassageEmbedder]> = [
    ['hash', new LocalHashEmbedder()],
    ['local', new WordVectorEmbedder()],
  ];
  console.log(`embedders created in ${(performance.now() - t0).toFixed(0)} ms`);
  for (const [name, embedder] of embedders) {
    const t1 = performance.now();
    const vectors = await embedder.embedDocuments(texts);
    const seconds = (performance.now() - t1) / 1000;
    console.log(`\n${name} (${embedder.id}): ${kb.passages.length} passages embedded in ${seconds.toFixed(2)} s (${(kb.passages.length / seconds).toFixed(0)}/s)`);
    for (const set of sets) {
      const questions = readQuestions(set);
      const ranks: Array<number | undefined> = [];
      for (const q of questions) {
        const qv = await embedder.embedQuery(q.question);
        const sims = vectors.map((v) => v.reduce((s, x, i) => s + x * qv[i]!, 0));
        const order = sims.map((_, i) => i).sort((a, b) => sims[b]! - sims[a]!);
        ranks.push(rankOf(q, order, kb.passages, compact));
      }
      const hit = (k: number) => (ranks.filter((r) => r !== undefined && r <= k).length / ranks.length).toFixed(3);
      console.log(`  ${set} n=${questions.length}  dense hit@1 ${hit(1)}  hit@5 ${hit(5)}  hit@20 ${hit(20)}  hit@100 ${hit(100)}`);
    }
  }
}

await main();

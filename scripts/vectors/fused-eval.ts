/**
 * The product's search (BM25 + dense, fused) on CRUD-RAG's questions over a knowledge folder built
 * with make-kb.py, once per offline embedder: recall@1/@5 (a gold answer string in the top 1/5
 * passages) and source@5 (a top-5 passage from the question's article), plus index build time.
 *
 *   python3 /work/shared/crud/make-kb.py 2000 /tmp/vectors/kb-2000
 *   npx tsx scripts/vectors/fused-eval.ts /tmp/vectors/kb-2000 [/work/shared/crud/dev.jsonl]
 */
import { readFileSync } from 'node:fs';
import { loadKnowledgeBase } from '../../src/ingest/knowledge-base.js';
import { compactForMatch } from '../../src/text/normalize.js';
import { createLocalEmbedder } from '../../src/retrieval/create-embedder.js';
import type { PassageEmbedder } from '../../src/retrieval/embedder.js';
import { LocalHashEmbedder } from '../../src/retrieval/local-embedder.js';
import { PolicyIndex } from '../../src/retrieval/policy-index.js';
import { search } from '../../src/retrieval/query/search.js';
import { WordVectorEmbedder } from '../../src/retrieval/word-vector-embedder.js';

interface CrudQuestion {
  question: string;
  answers: string[];
  doc: string;
}

async function main(): Promise<void> {
  const [kbDir, questionFile = '/work/shared/crud/dev.jsonl'] = process.argv.slice(2);
  if (!kbDir) throw new Error('usage: fused-eval.ts KNOWLEDGE_DIR [QUESTIONS.jsonl]');
  const kb = await loadKnowledgeBase(kbDir);
  const questions = readFileSync(questionFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CrudQuestion);
  const embedders: Array<[string, PassageEmbedder]> = [
    ['hash', new LocalHashEmbedder()],
    ['word vectors', new WordVectorEmbedder()],
    ['local (blend)', createLocalEmbedder()],
  ];
  for (const [name, embedder] of embedders) {
    const t0 = performance.now();
    const index = await PolicyIndex.build(kb.documents, kb.passages, embedder, 'fused-eval');
    const buildS = (performance.now() - t0) / 1000;
    let top1 = 0;
    let top5 = 0;
    let source5 = 0;
    for (const q of questions) {
      const { hits } = await search(index, q.question, { k: 5 });
      const answers = (text: string) => q.answers.some((a) => compactForMatch(text).includes(compactForMatch(a)));
      if (hits[0] && answers(hits[0].passage.text)) top1++;
      if (hits.some((h) => answers(h.passage.text))) top5++;
      if (hits.some((h) => h.passage.docId === `${q.doc}.txt`)) source5++;
    }
    const rate = (n: number) => (n / questions.length).toFixed(3);
    console.log(
      `${name}: index built in ${buildS.toFixed(1)} s; n=${questions.length} over ${kb.passages.length} passages: ` +
        `recall@1 ${rate(top1)}  recall@5 ${rate(top5)}  source@5 ${rate(source5)}`,
    );
  }
}

await main();

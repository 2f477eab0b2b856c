/**
 * `npm run bench`: ingest time, passages per second, index load time, warm query latency and peak
 * memory — on the real knowledge base and on a copy scaled up by repeating and perturbing it.
 *   --scale N   size of the scaled corpus (default 100)
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CHUNK_OPTIONS } from '../ingest/chunk.js';
import { listKnowledgeFiles } from '../ingest/knowledge-base.js';
import { createEmbedder } from '../retrieval/create-embedder.js';
import type { PassageEmbedder } from '../retrieval/embedder.js';
import { loadIndex, openIndex, readManifest } from '../retrieval/store.js';
import { search } from '../retrieval/query/search.js';
import { percentile } from '../eval/metrics.js';
import { readEvalSet } from '../eval/sets.js';
import { lookupEnglish } from '../retrieval/query/dictionary.js';
import { configOrExit, run } from './shared.js';

interface Figures {
  corpus: string;
  chars: number;
  documents: number;
  passages: number;
  ingestS: number;
  passagesPerS: number;
  loadMs: number;
  p50Ms: number;
  p95Ms: number;
}

/** A copy of knowledge/ repeated `scale` times; numbers are shifted per copy so copies differ. */
async function scaledCorpus(source: string, target: string, scale: number): Promise<void> {
  await mkdir(target, { recursive: true });
  for (const file of await listKnowledgeFiles(source)) {
    const text = await readFile(path.join(source, file), 'utf8');
    for (let i = 0; i < scale; i++) {
      const perturbed = i === 0 ? text : text.replace(/\d+/g, (n) => String(Number(n) + i));
      await writeFile(path.join(target, `${String(i).padStart(3, '0')}-${file}`), perturbed);
    }
  }
}

async function measure(label: string, knowledgeDir: string, questions: string[], embedder: PassageEmbedder): Promise<Figures> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'spb-bench-data-'));
  try {
    const t0 = performance.now();
    const built = await openIndex({ knowledgeDir, dataDir, embedder, chunking: DEFAULT_CHUNK_OPTIONS, force: true });
    const ingestS = (performance.now() - t0) / 1000;

    const t1 = performance.now();
    const stored = (await readManifest(dataDir))!;
    const index = await loadIndex(stored.dir, stored.manifest, embedder);
    const loadMs = performance.now() - t1;

    for (const q of questions.slice(0, 3)) await search(index, q); // warm-up
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const q of questions) times.push((await search(index, q)).timings.totalMs);
    }
    const kb = built.built!;
    return {
      corpus: label,
      chars: kb.documents.reduce((s, d) => s + d.text.length, 0),
      documents: kb.documents.length,
      passages: kb.passages.length,
      ingestS,
      passagesPerS: kb.passages.length / ingestS,
      loadMs,
      p50Ms: percentile(times, 50),
      p95Ms: percentile(times, 95),
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

function row(f: Figures): string {
  return `| ${f.corpus} | ${f.documents} | ${(f.chars / 1000).toFixed(0)}k | ${f.passages} | ${f.ingestS.toFixed(2)} s | ${f.passagesPerS.toFixed(0)} | ${f.loadMs.toFixed(0)} ms | ${f.p50Ms.toFixed(2)} ms | ${f.p95Ms.toFixed(2)} ms |`;
}

/** What the first English question pays to read the CC-CEDICT gloss file (once per process). */
function dictionaryLoad(): { ms: number; heapMb: number } {
  globalThis.gc?.();
  const heap = process.memoryUsage().heapUsed;
  const t = performance.now();
  lookupEnglish('investment');
  const ms = performance.now() - t;
  return { ms, heapMb: (process.memoryUsage().heapUsed - heap) / 1e6 };
}

run(async () => {
  const { values } = parseArgs({ options: { scale: { type: 'string' } } });
  const dictionary = dictionaryLoad();
  const scale = Number(values.scale ?? 100);
  const config = configOrExit();
  const questions = (await readEvalSet('eval/dev.jsonl')).map((q) => q.question);
  const t0 = performance.now();
  const embedder = createEmbedder(config);
  const embedderMs = performance.now() - t0;

  const results = [await measure('real', config.KNOWLEDGE_DIR, questions, embedder)];
  const scaledDir = await mkdtemp(path.join(os.tmpdir(), 'spb-bench-kb-'));
  try {
    await scaledCorpus(config.KNOWLEDGE_DIR, scaledDir, scale);
    results.push(await measure(`${scale}×`, scaledDir, questions, embedder));
  } finally {
    await rm(scaledDir, { recursive: true, force: true });
  }
  console.log(`embedder: ${embedder.id} (${embedder.dimensions} dims), created in ${embedderMs.toFixed(0)} ms\n`);
  console.log('| corpus | docs | chars | passages | ingest (cold) | passages/s | index load | query p50 | query p95 |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) console.log(row(r));
  console.log(`\nEnglish dictionary (read on the first English question): ${dictionary.ms.toFixed(0)} ms, +${dictionary.heapMb.toFixed(0)} MB heap`);
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB  (node ${process.version}, ${os.cpus().length} cores)`);
});

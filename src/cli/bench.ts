/**
 * `npm run bench`: build time, throughput, memory, disk, open time, answer latency and retrieval
 * quality of the index.
 *   (no option)    the real knowledge base and a copy scaled up by repeating and perturbing it
 *     --scale N    size of the scaled copy (default 100)
 *   --crud N|all   a knowledge folder of N CRUD-RAG news articles (../shared/crud, cached under
 *                  data/bench/), scored on the CRUD dev questions: recall@1/@5 (a gold answer string
 *                  in the top passages), source@5 (a top-5 passage from the gold article), hybrid and
 *                  lexical-only side by side
 *   --kb DIR       the same figures for any knowledge folder (CRUD scoring when --questions is a
 *                  CRUD-style file, latency only otherwise)
 *   --threads N    worker threads preparing files during the build (default: one per core for
 *                  ≥ 256 files; 0 = all on the writing thread); the build prints its memory every
 *                  10,000 files on stderr
 * The build runs in a child process so its peak memory is measured on its own.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Answerer } from '../answer/pipeline.js';
import { DEFAULT_CHUNK_OPTIONS } from '../ingest/chunk.js';
import { listKnowledge } from '../ingest/knowledge-base.js';
import { normalizeForIndex } from '../text/normalize.js';
import type { Passage } from '../ingest/types.js';
import { createEmbedder } from '../retrieval/create-embedder.js';
import type { PassageEmbedder } from '../retrieval/embedder.js';
import { search } from '../retrieval/query/search.js';
import { openIndex, type IngestProgress } from '../retrieval/store.js';
import { percentile } from '../eval/metrics.js';
import { readEvalSet } from '../eval/sets.js';
import { configOrExit, parseCommandLine, run } from './shared.js';
import { BENCH_USAGE } from './usage.js';

const CRUD_DIR = path.resolve('../shared/crud');

interface BuildFigures {
  seconds: number;
  documents: number;
  passages: number;
  chars: number;
  maxRssMb: number;
}

/** The child's side: one full build, figures as one JSON line on stdout. */
async function buildOnly(knowledgeDir: string, dataDir: string, embedder: PassageEmbedder, prepareThreads?: number): Promise<void> {
  const t0 = performance.now();
  // Memory as the build goes (stderr, every 10,000 files): it should grow with the graph, not the corpus.
  let nextReport = 10_000;
  const onProgress = (event: IngestProgress) => {
    if (event.stage !== 'files' || event.done < nextReport) return;
    nextReport = (Math.floor(event.done / 10_000) + 1) * 10_000;
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
    console.error(
      `  ${event.done} / ${event.total} files, ${event.passages} passages, ${((performance.now() - t0) / 1000).toFixed(0)} s, ` +
        `RSS ${mb(process.memoryUsage().rss)} MB (peak ${mb(process.resourceUsage().maxRSS * 1024)} MB)`,
    );
  };
  const opened = await openIndex({ knowledgeDir, dataDir, embedder, chunking: DEFAULT_CHUNK_OPTIONS, full: true, prepareThreads, onProgress });
  const seconds = (performance.now() - t0) / 1000;
  let chars = 0;
  for (const p of opened.index.eachPassage()) chars += p.text.length;
  const figures: BuildFigures = {
    seconds,
    documents: opened.index.documentCount,
    passages: opened.index.passageCount,
    chars,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  opened.index.close();
  console.log(JSON.stringify(figures));
}

async function buildInChild(knowledgeDir: string, dataDir: string, threads?: number): Promise<BuildFigures> {
  const extra = threads === undefined ? [] : ['--threads', String(threads)];
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, '--build', knowledgeDir, '--data', dataDir, ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`build failed (exit ${code})`);
  return JSON.parse(out.trim().split('\n').pop()!) as BuildFigures;
}

function diskMb(dir: string): number {
  const du = spawnSync('du', ['-sk', dir], { encoding: 'utf8' });
  return Number(du.stdout.split(/\s/)[0]) / 1024;
}

interface CrudQuestion {
  id: string;
  question: string;
  answers: string[];
  doc: string;
}

async function readCrudQuestions(file: string): Promise<CrudQuestion[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CrudQuestion);
}

const compact = (s: string) => s.replace(/\s+/g, '');

interface Quality {
  recall1: number;
  recall5: number;
  source5: number;
}

function quality(questions: CrudQuestion[], ranked: Passage[][]): Quality {
  let r1 = 0;
  let r5 = 0;
  let s5 = 0;
  questions.forEach((q, i) => {
    const passages = ranked[i]!;
    const has = (p: Passage) => q.answers.some((a) => compact(p.text).includes(compact(a)));
    if (passages.slice(0, 1).some(has)) r1++;
    if (passages.slice(0, 5).some(has)) r5++;
    if (passages.slice(0, 5).some((p) => p.docId.replace(/\.[^.]+$/, '') === q.doc)) s5++;
  });
  const n = Math.max(1, questions.length);
  return { recall1: r1 / n, recall5: r5 / n, source5: s5 / n };
}

async function measureFolder(
  label: string,
  knowledgeDir: string,
  questionsFile: string | undefined,
  config: ReturnType<typeof configOrExit>,
  threads?: number,
): Promise<void> {
  await mkdir('data/bench', { recursive: true });
  const dataDir = await mkdtemp(path.resolve('data/bench/index-'));
  const embedder = createEmbedder(config);
  try {
    console.error(`${label}: building…`);
    const build = await buildInChild(knowledgeDir, dataDir, threads);
    const disk = diskMb(dataDir);

    const t0 = performance.now();
    const { index } = await openIndex({ knowledgeDir, dataDir, embedder, chunking: DEFAULT_CHUNK_OPTIONS });
    const openMs = performance.now() - t0;

    const crud = questionsFile ? await readCrudQuestions(questionsFile) : [];
    const questions = crud.length > 0 ? crud.map((q) => q.question) : (await readEvalSet('eval/dev.jsonl')).map((q) => q.question);
    await search(index, '预热'); // loading jieba/OpenCC is not a question's time
    const answerer = new Answerer({ index: () => index, k: 5 });
    const answerMs: number[] = [];
    const hybrid: Passage[][] = [];
    for (const q of questions) {
      const t = performance.now();
      const answer = await answerer.answer(q);
      answerMs.push(performance.now() - t);
      hybrid.push(answer.hits.map((h) => h.passage));
    }
    const lexicalMs: number[] = [];
    const lexical: Passage[][] = [];
    for (const q of questions) {
      const t = performance.now();
      const hits = index.lexical.search(normalizeForIndex(q), 5);
      lexicalMs.push(performance.now() - t);
      lexical.push(hits.map((h) => index.passageAt(h.position)!).filter(Boolean));
    }

    // One changed file: a sentence appended, the index updated, then the file restored (and updated again).
    const files = (await listKnowledge(knowledgeDir)).files;
    const changed = path.join(knowledgeDir, files[Math.floor(files.length / 2)]!.file);
    const original = await readFile(changed);
    await appendFile(changed, '\n基准测试追加的一句话：本段用于测量单个文件的增量索引时间。\n');
    const t1 = performance.now();
    const updated = await openIndex({ knowledgeDir, dataDir, embedder, chunking: DEFAULT_CHUNK_OPTIONS });
    const reindexMs = performance.now() - t1;
    await writeFile(changed, original);
    const t2 = performance.now();
    const restored = await openIndex({ knowledgeDir, dataDir, embedder, chunking: DEFAULT_CHUNK_OPTIONS });
    const restoreMs = performance.now() - t2;
    updated.index.close();
    restored.index.close();

    const mb = (n: number) => `${n.toFixed(0)} MB`;
    console.log(`\n## ${label}: ${build.documents} documents, ${build.passages} passages, ${(build.chars / 1e6).toFixed(1)} M characters`);
    console.log(`embedder ${index.manifest.embedder} (${index.manifest.dimensions} dimensions), node ${process.version}, ${os.cpus().length} cores`);
    console.log('| build | docs/s | build peak RSS | disk | open | answer p50 / p95 | lexical p50 / p95 | one changed file | query peak RSS |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    console.log(
      `| ${build.seconds.toFixed(1)} s | ${(build.documents / build.seconds).toFixed(0)} | ${mb(build.maxRssMb)} | ${mb(disk)} | ${openMs.toFixed(0)} ms | ` +
        `${percentile(answerMs, 50).toFixed(1)} / ${percentile(answerMs, 95).toFixed(1)} ms | ${percentile(lexicalMs, 50).toFixed(1)} / ${percentile(lexicalMs, 95).toFixed(1)} ms | ` +
        `${reindexMs.toFixed(0)} ms (restore ${restoreMs.toFixed(0)} ms) | ${mb(process.resourceUsage().maxRSS / 1024)} |`,
    );
    if (crud.length > 0) {
      const h = quality(crud, hybrid);
      const l = quality(crud, lexical);
      console.log(`\n| ${crud.length} CRUD dev questions | recall@1 | recall@5 | source@5 |`);
      console.log('|---|---|---|---|');
      console.log(`| hybrid (answer pipeline) | ${h.recall1.toFixed(3)} | ${h.recall5.toFixed(3)} | ${h.source5.toFixed(3)} |`);
      console.log(`| lexical only (FTS5) | ${l.recall1.toFixed(3)} | ${l.recall5.toFixed(3)} | ${l.source5.toFixed(3)} |`);
    }
    index.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The CRUD knowledge folder of `n` articles, made once with make-kb.py and kept under data/bench/. */
function crudFolder(n: string): string {
  const dir = path.resolve(`data/bench/crud-${n}`);
  if (!existsSync(dir)) {
    const made = spawnSync('python3', [path.join(CRUD_DIR, 'make-kb.py'), n, dir], { stdio: 'inherit' });
    if (made.status !== 0) throw new Error(`make-kb.py ${n} failed`);
  }
  return dir;
}

// --- the default mode: the real knowledge base and a scaled copy ---------------------------------

/** A copy of knowledge/ repeated `scale` times; numbers are shifted per copy so copies differ. */
async function scaledCorpus(source: string, target: string, scale: number): Promise<void> {
  await mkdir(target, { recursive: true });
  for (const { file } of (await listKnowledge(source)).files) {
    const text = await readFile(path.join(source, file), 'utf8');
    for (let i = 0; i < scale; i++) {
      const perturbed = i === 0 ? text : text.replace(/\d+/g, (n) => String(Number(n) + i));
      await writeFile(path.join(target, `${String(i).padStart(3, '0')}-${file.replace(/\//g, '_')}`), perturbed);
    }
  }
}

async function measureSmall(label: string, knowledgeDir: string, questions: string[], embedder: PassageEmbedder): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'spb-bench-data-'));
  try {
    const t0 = performance.now();
    const built = await openIndex({ knowledgeDir, dataDir, embedder, chunking: DEFAULT_CHUNK_OPTIONS, full: true });
    const ingestS = (performance.now() - t0) / 1000;
    built.index.close();
    const t1 = performance.now();
    const { index } = await openIndex({ knowledgeDir, dataDir, embedder, chunking: DEFAULT_CHUNK_OPTIONS });
    const loadMs = performance.now() - t1;
    for (const q of questions.slice(0, 3)) await search(index, q); // warm-up
    const times: number[] = [];
    for (let round = 0; round < 5; round++) for (const q of questions) times.push((await search(index, q)).timings.totalMs);
    let chars = 0;
    for (const p of index.eachPassage()) chars += p.text.length;
    const row =
      `| ${label} | ${index.documentCount} | ${(chars / 1000).toFixed(0)}k | ${index.passageCount} | ${ingestS.toFixed(2)} s | ` +
      `${(index.passageCount / ingestS).toFixed(0)} | ${loadMs.toFixed(0)} ms | ${percentile(times, 50).toFixed(2)} ms | ${percentile(times, 95).toFixed(2)} ms |`;
    index.close();
    return row;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

run(async () => {
  const { values } = parseCommandLine(BENCH_USAGE, {
    scale: { type: 'string' },
    kb: { type: 'string' },
    crud: { type: 'string' },
    questions: { type: 'string' },
    build: { type: 'string' },
    data: { type: 'string' },
    threads: { type: 'string' },
  });
  const config = configOrExit();
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0)) throw new Error(`--threads takes a whole number ≥ 0, not ${values.threads}`);
  if (values.build && values.data) return buildOnly(values.build, values.data, createEmbedder(config), threads);
  if (values.crud) {
    return measureFolder(`CRUD ${values.crud}`, crudFolder(values.crud), values.questions ?? path.join(CRUD_DIR, 'dev.jsonl'), config, threads);
  }
  if (values.kb) return measureFolder(values.kb, path.resolve(values.kb), values.questions, config, threads);

  const scale = Number(values.scale ?? 100);
  const embedder = createEmbedder(config);
  const questions = (await readEvalSet('eval/dev.jsonl')).map((q) => q.question);
  const rows = [await measureSmall('real', config.KNOWLEDGE_DIR, questions, embedder)];
  const scaledDir = await mkdtemp(path.join(os.tmpdir(), 'spb-bench-kb-'));
  try {
    await scaledCorpus(config.KNOWLEDGE_DIR, scaledDir, scale);
    rows.push(await measureSmall(`${scale}×`, scaledDir, questions, embedder));
  } finally {
    await rm(scaledDir, { recursive: true, force: true });
  }
  console.log('| corpus | docs | chars | passages | ingest (cold) | passages/s | index load | query p50 | query p95 |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(`\npeak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB  (node ${process.version}, ${os.cpus().length} cores)`);
});

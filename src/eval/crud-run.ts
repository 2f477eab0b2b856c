/**
 * The CRUD set end to end: the sample's knowledge folder and index (both cached under
 * data/eval/crud-N), every question through the answer path, the ranking ablation, and the FTS5
 * baseline built over the same articles and scored on the same answerable questions.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Answerer } from '../answer/pipeline.js';
import type { Config } from '../config.js';
import { DEFAULT_CHUNK_OPTIONS } from '../ingest/chunk.js';
import { createEmbedder } from '../retrieval/create-embedder.js';
import { openIndex } from '../retrieval/store.js';
import { crudItems, crudPaths, prepareCrudKnowledge, readArticles } from './crud-kb.js';
import { evaluateBaseline, Fts5Baseline } from './fts5-baseline.js';
import { percentile } from './metrics.js';
import { setReport, type SetReport, type SystemFigures } from './report.js';
import { answerItems, rankingAblation, type Evaluated } from './run.js';
import { readCrudQuestions } from './sets.js';

interface BuildRecord {
  seconds: number;
  documents: number;
  passages: number;
  builtAt: string;
}

export interface CrudRun {
  evaluated: Evaluated[];
  report: SetReport;
  baseline: { set: string; systems: SystemFigures[] };
}

export async function runCrudSet(options: { config: Config; crudDir: string; size: number; progress: (line: string) => void }): Promise<CrudRun> {
  const { config, crudDir, size, progress } = options;
  const questions = await readCrudQuestions(path.join(crudDir, 'dev.jsonl'));
  const kb = await prepareCrudKnowledge(crudDir, size, questions);
  if (kb.built) progress(`crud-${size}: knowledge folder written in ${(kb.ms / 1000).toFixed(1)} s`);
  const articles = await readArticles(kb.knowledgeDir);
  const { items, leftOut } = crudItems(questions, articles);

  progress(`crud-${size}: opening the index (${articles.length} articles; a first run builds it)`);
  const opened = await openIndex({
    knowledgeDir: kb.knowledgeDir,
    dataDir: kb.indexDir,
    embedder: createEmbedder(config),
    chunking: DEFAULT_CHUNK_OPTIONS,
  });
  const index = opened.index;
  const record = path.join(crudPaths(size).dir, 'build.json');
  if (opened.built) {
    const built: BuildRecord = { seconds: opened.ms / 1000, documents: index.documentCount, passages: index.passageCount, builtAt: new Date().toISOString() };
    await writeFile(record, JSON.stringify(built, null, 2));
    progress(`crud-${size}: index built in ${built.seconds.toFixed(1)} s (${opened.reason})`);
  }
  const build = existsSync(record) ? (JSON.parse(await readFile(record, 'utf8')) as BuildRecord) : undefined;

  const t0 = performance.now();
  progress(`crud-${size}: answering ${items.length} questions`);
  const rows = await answerItems(new Answerer({ index: () => index, k: 10 }), items);
  progress(`crud-${size}: ranking ablation`);
  const ablation = await rankingAblation(index, items);

  progress(`crud-${size}: FTS5 baseline`);
  const answerable = items.filter((i) => i.answerable);
  // The baseline as specified (400-character chunks), and with passages about the project's size,
  // to tell the chunk size's share of a difference from the ranking's.
  const baselines = [400, DEFAULT_CHUNK_OPTIONS.targetChars].map((chunkChars) => {
    const fts5 = Fts5Baseline.build(articles, { chunkChars });
    const figures: SystemFigures = { system: `FTS5 BM25, ${chunkChars}-char`, buildS: fts5.buildMs / 1000, ...evaluateBaseline(fts5, answerable) };
    const chunks = fts5.chunks;
    fts5.close();
    return { figures, chunks };
  });
  const fts5Chunks = baselines[0]!.chunks;

  const heldOut = items.filter((i) => i.sourceHeldOut).length + leftOut.length;
  const unanswerable = items.filter((i) => !i.answerable).length;
  const description =
    `${items.length} of ${questions.length} questions over ${articles.length} articles (${index.passageCount} passages; FTS5 ${fts5Chunks} chunks); ` +
    `sources of ${heldOut} held out: ${unanswerable} unanswerable, ${heldOut - unanswerable - leftOut.length} answerable from a reprint, ` +
    `${leftOut.length} left out (answer string found elsewhere)`;
  const report = setReport(`crud-${size}`, description, rows.map((r) => r.result), ablation, (performance.now() - t0) / 1000);

  const final = ablation.find((v) => v.name === 'final');
  const answerableRows = rows.filter((r) => r.result.item.answerable).map((r) => r.result);
  const answerMs = answerableRows.map((r) => r.ms);
  const projectRecall = report.overall;
  const project = (system: string, p50Ms: number, p95Ms: number): SystemFigures => ({
    system,
    n: answerable.length,
    recall1: projectRecall.hit1,
    recall5: projectRecall.hit5,
    source5: projectRecall.source5,
    p50Ms,
    p95Ms,
    buildS: build?.seconds ?? null,
    ...(opened.built ? {} : { cached: true }),
  });
  return {
    evaluated: rows,
    report,
    baseline: {
      set: `crud-${size}`,
      systems: [
        project('project (search)', final?.p50Ms ?? 0, final?.p95Ms ?? 0),
        project('project (whole answer)', percentile(answerMs, 50), percentile(answerMs, 95)),
        ...baselines.map((b) => b.figures),
      ],
    },
  };
}

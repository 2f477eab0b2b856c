/**
 * The CRUD-RAG sample: a knowledge folder of N news articles written by ../shared/crud/make-kb.py,
 * minus the source articles of a fixed half of the questions, so those questions become realistic
 * unanswerable ones (the kb is about the same topics, just not those articles). Built once into
 * data/eval/crud-N/knowledge and reused.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { withoutSpace, type CrudQuestion, type EvalItem } from './sets.js';

const run = promisify(execFile);

export interface Article {
  id: string;
  text: string;
}

/** Whether a source article is held out of the sample: a fixed half, by a hash of its id. */
export function isHeldOutSource(articleId: string): boolean {
  return (createHash('sha256').update(articleId).digest()[0]! & 1) === 1;
}

export function crudPaths(size: number, root = path.join('data', 'eval')) {
  const dir = path.join(root, `crud-${size}`);
  return { dir, knowledgeDir: path.join(dir, 'knowledge'), indexDir: path.join(dir, 'index') };
}

/**
 * The sample's knowledge folder, written when missing: make-kb.py into a temporary folder, the
 * held-out sources deleted, then renamed into place, so an interrupted build is never reused.
 */
export async function prepareCrudKnowledge(
  crudDir: string,
  size: number,
  questions: CrudQuestion[],
  root?: string,
): Promise<{ knowledgeDir: string; indexDir: string; built: boolean; ms: number }> {
  const started = performance.now();
  const { dir, knowledgeDir, indexDir } = crudPaths(size, root);
  if (existsSync(knowledgeDir)) return { knowledgeDir, indexDir, built: false, ms: performance.now() - started };
  await mkdir(dir, { recursive: true });
  const tmp = `${knowledgeDir}.tmp`;
  await rm(tmp, { recursive: true, force: true });
  await run('python3', [path.join(crudDir, 'make-kb.py'), String(size), tmp], { maxBuffer: 1 << 20 });
  const heldOut = new Set(questions.map((q) => q.doc).filter(isHeldOutSource));
  for (const doc of heldOut) await rm(path.join(tmp, `${doc}.txt`), { force: true });
  await rename(tmp, knowledgeDir);
  return { knowledgeDir, indexDir, built: true, ms: performance.now() - started };
}

export async function readArticles(knowledgeDir: string): Promise<Article[]> {
  const files = (await readdir(knowledgeDir)).filter((f) => f.endsWith('.txt')).sort();
  return Promise.all(files.map(async (f) => ({ id: f.slice(0, -4), text: await readFile(path.join(knowledgeDir, f), 'utf8') })));
}

/**
 * The questions as evaluation items over the articles actually in the sample. A question whose
 * source was held out is answerable when a reprint of the source (`alt`) is in the sample, and
 * unanswerable when no gold answer string occurs (whitespace removed) in any article of the sample.
 * The others are left out: their short answer ("60岁", "上周末") occurs in some unrelated article, so
 * neither label would be trustworthy (on crud-3000 that is 46 questions, most of them refused).
 */
export function crudItems(questions: CrudQuestion[], articles: Article[]): { items: EvalItem[]; leftOut: CrudQuestion[] } {
  const present = new Set(articles.map((a) => a.id));
  // One haystack with separators that no answer contains, so a match never spans two articles.
  const haystack = articles.map((a) => withoutSpace(a.text)).join('\u0000');
  const items: EvalItem[] = [];
  const leftOut: CrudQuestion[] = [];
  for (const q of questions) {
    const sourceHeldOut = !present.has(q.doc);
    const reprinted = (q.alt ?? []).some((a) => present.has(a));
    const answerOccurs = q.answers.some((a) => withoutSpace(a) && haystack.includes(withoutSpace(a)));
    if (sourceHeldOut && !reprinted && answerOccurs) {
      leftOut.push(q);
      continue;
    }
    items.push({
      id: q.id,
      set: 'crud',
      lang: 'zh-Hans',
      type: q.set,
      question: q.question,
      answerable: !sourceHeldOut || reprinted,
      gold: { kind: 'answers', answers: q.answers, doc: q.doc },
      ...(sourceHeldOut ? { sourceHeldOut } : {}),
    });
  }
  return { items, leftOut };
}

/**
 * Step 1 of the word-vector pipeline: the training corpus. Streams the CRUD-RAG news articles and
 * the knowledge folder, reduces each text to the index form (normalizeForIndex: Simplified, widths
 * unified, lower-case) and segments it with the same jieba the index uses, so the trained vocabulary
 * is exactly the words the index and questions produce. Writes one space-separated line per
 * sentence, punctuation dropped.
 *
 *   npx tsx scripts/vectors/make-corpus.ts [OUT_FILE] [CRUD_XZ] [KNOWLEDGE_DIR]
 *   (defaults: /tmp/vectors/corpus.txt, /work/shared/crud/corpus.jsonl.xz, knowledge)
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { segmentSentences } from './segment.js';

const outFile = process.argv[2] ?? '/tmp/vectors/corpus.txt';
const crudFile = process.argv[3] ?? '/work/shared/crud/corpus.jsonl.xz';
const knowledgeDir = process.argv[4] ?? 'knowledge';

/** CRUD-RAG texts open with "[ 2023-07-28 16：40 ] ，正文：", which is not language. */
const CRUD_HEADER = /^\s*\[[^\]]*\]\s*[,，]?\s*正文[:：]/u;

const segmentLines = (text: string) => segmentSentences(text).map((words) => words.join(' '));

async function main(): Promise<void> {
  mkdirSync(path.dirname(outFile), { recursive: true });
  const out = createWriteStream(outFile);
  const write = (lines: string[]) => {
    if (lines.length > 0) return out.write(lines.join('\n') + '\n');
    return true;
  };
  const started = Date.now();
  let texts = 0;

  for (const name of readdirSync(knowledgeDir).sort()) {
    if (!/\.(txt|md)$/i.test(name)) continue;
    write(segmentLines(readFileSync(path.join(knowledgeDir, name), 'utf8')));
    texts++;
  }

  const xz = spawn('xz', ['-dc', crudFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const rl = createInterface({ input: xz.stdout, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim().length === 0) continue;
    const { text } = JSON.parse(line) as { text: string };
    if (!write(segmentLines(text.replace(CRUD_HEADER, '')))) {
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    texts++;
    if (texts % 5000 === 0) {
      console.error(`${texts} texts, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  console.error(`done: ${texts} texts in ${((Date.now() - started) / 1000).toFixed(0)} s -> ${outFile}`);
}

await main();

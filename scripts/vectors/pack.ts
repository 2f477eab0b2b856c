/**
 * Step 3 of the word-vector pipeline: the shipped file. Keeps the most frequent words of the
 * fastText vocabulary plus every word of the knowledge folder (vectors composed by fastText from
 * character n-grams when the word was below minCount), quantises the vectors to int8 with one
 * float32 scale per row and writes models/word-vectors/zh-100d.bin (layout in
 * src/retrieval/word-vector-file.ts).
 *
 *   npx tsx scripts/vectors/pack.ts [PREFIX] [OUT_FILE] [MAX_WORDS] [CORPUS]
 *   (defaults: /tmp/vectors/zh-100d → reads PREFIX.vec, PREFIX.dict, PREFIX.knowledge.vec;
 *    models/word-vectors/zh-100d.bin; 120000; /tmp/vectors/corpus.txt for the extra words' counts)
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { encodeWordVectors, quantizeRow } from '../../src/retrieval/word-vector-file.js';

const prefix = process.argv[2] ?? '/tmp/vectors/zh-100d';
const outFile = process.argv[3] ?? 'models/word-vectors/zh-100d.bin';
const maxWords = Number(process.argv[4] ?? 120_000);
const corpusFile = process.argv[5] ?? '/tmp/vectors/corpus.txt';

/** fastText's end-of-line token, and words no tokenizer of ours would produce as one word. */
const keep = (word: string) => word !== '</s>' && word.length > 0 && [...word].length <= 16;

/** `fasttext dump X.bin dict`: a count line, then "word count word" lines, most frequent first. */
function readCounts(file: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const parts = line.split(' ');
    if (parts.length === 3 && parts[2] === 'word') counts.set(parts[0]!, Number(parts[1]));
  }
  return counts;
}

/** Rows of a .vec file (with or without fastText's "count dims" first line) for the wanted words. */
async function readVectors(file: string, wanted: (word: string) => boolean): Promise<Map<string, number[]>> {
  const rows = new Map<string, number[]>();
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) {
    const parts = line.trimEnd().split(' ');
    if (parts.length <= 2 || !wanted(parts[0]!)) continue;
    rows.set(parts[0]!, parts.slice(1).map(Number));
  }
  return rows;
}

/** How often each of `words` occurs in the training corpus (space-separated words). */
async function countInCorpus(file: string, words: Set<string>): Promise<Map<string, number>> {
  const counts = new Map<string, number>([...words].map((w) => [w, 0]));
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) {
    for (const w of line.split(' ')) if (counts.has(w)) counts.set(w, counts.get(w)! + 1);
  }
  return counts;
}

async function main(): Promise<void> {
  const counts = readCounts(`${prefix}.dict`);
  const frequent = [...counts.entries()]
    .filter(([w]) => keep(w))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxWords);
  const chosen = new Map(frequent);
  const vectors = await readVectors(`${prefix}.vec`, (w) => chosen.has(w));

  const knowledgeFile = `${prefix}.knowledge.vec`;
  let extra = 0;
  if (existsSync(knowledgeFile)) {
    const composed = await readVectors(knowledgeFile, (w) => keep(w) && !chosen.has(w));
    const extraCounts = await countInCorpus(corpusFile, new Set(composed.keys()));
    for (const [w, v] of composed) {
      // At least 1: the word is in the knowledge folder, which is part of the corpus.
      chosen.set(w, Math.max(1, counts.get(w) ?? extraCounts.get(w) ?? 0));
      vectors.set(w, v);
      extra++;
    }
  }

  const entries = [...chosen.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const dimensions = vectors.values().next().value!.length;
  const matrix = new Int8Array(entries.length * dimensions);
  const scales = new Float32Array(entries.length);
  entries.forEach(([w], row) => {
    const v = vectors.get(w);
    if (!v || v.length !== dimensions) throw new Error(`no ${dimensions}-value vector for "${w}"`);
    scales[row] = quantizeRow(v, matrix.subarray(row * dimensions, (row + 1) * dimensions));
  });

  const buf = encodeWordVectors({
    dimensions,
    words: entries.map(([w]) => w),
    frequencies: Uint32Array.from(entries.map(([, c]) => c)),
    matrix,
    scales,
  });
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, buf);
  const last = frequent[frequent.length - 1]!;
  console.error(
    `${frequent.length} most frequent of ${counts.size} words (least: "${last[0]}" ×${last[1]}) + ${extra} knowledge-folder words, ` +
      `${dimensions} dims, ${(buf.length / 1e6).toFixed(1)} MB -> ${outFile}`,
  );
}

await main();

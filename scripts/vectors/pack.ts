/**
 * Step 3 of the word-vector pipeline: the shipped file. Keeps the most frequent words of the
 * fastText vocabulary, quantises their vectors to int8 with one float32 scale per row and writes
 * models/word-vectors/zh-100d.bin (layout in src/retrieval/word-vector-file.ts).
 *
 *   npx tsx scripts/vectors/pack.ts [PREFIX] [OUT_FILE] [MAX_WORDS]
 *   (defaults: /tmp/vectors/zh-100d → reads PREFIX.vec and PREFIX.dict; models/word-vectors/zh-100d.bin; 120000)
 */
import { createReadStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { encodeWordVectors, quantizeRow } from '../../src/retrieval/word-vector-file.js';

const prefix = process.argv[2] ?? '/tmp/vectors/zh-100d';
const outFile = process.argv[3] ?? 'models/word-vectors/zh-100d.bin';
const maxWords = Number(process.argv[4] ?? 120_000);

/** fastText's end-of-line token, and words no tokenizer of ours would produce as one word. */
const keep = (word: string) => word !== '</s>' && [...word].length <= 16;

/** `fasttext dump X.bin dict`: a count line, then "word count word" lines, most frequent first. */
function readCounts(file: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const parts = line.split(' ');
    if (parts.length === 3 && parts[2] === 'word') counts.set(parts[0]!, Number(parts[1]));
  }
  return counts;
}

async function main(): Promise<void> {
  const counts = readCounts(`${prefix}.dict`);
  const chosen = [...counts.entries()]
    .filter(([w]) => keep(w))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxWords);
  const rowOf = new Map(chosen.map(([w], i) => [w, i]));

  let dimensions = 0;
  let matrix = new Int8Array(0);
  const scales = new Float32Array(chosen.length);
  const filled = new Uint8Array(chosen.length);
  const rl = createInterface({ input: createReadStream(`${prefix}.vec`, 'utf8'), crlfDelay: Infinity });
  let first = true;
  for await (const line of rl) {
    const parts = line.trimEnd().split(' ');
    if (first) {
      first = false;
      dimensions = Number(parts[1]);
      matrix = new Int8Array(chosen.length * dimensions);
      continue;
    }
    const row = rowOf.get(parts[0]!);
    if (row === undefined) continue;
    const values = parts.slice(1).map(Number);
    if (values.length !== dimensions) throw new Error(`row for "${parts[0]}" has ${values.length} values`);
    scales[row] = quantizeRow(values, matrix.subarray(row * dimensions, (row + 1) * dimensions));
    filled[row] = 1;
  }
  const missing = filled.indexOf(0);
  if (missing >= 0) throw new Error(`no vector for "${chosen[missing]![0]}" in ${prefix}.vec`);

  const buf = encodeWordVectors({
    dimensions,
    words: chosen.map(([w]) => w),
    frequencies: Uint32Array.from(chosen.map(([, c]) => c)),
    matrix,
    scales,
  });
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, buf);
  const last = chosen[chosen.length - 1]!;
  console.error(
    `${chosen.length} of ${counts.size} words (least frequent kept: "${last[0]}" ×${last[1]}), ${dimensions} dims, ` +
      `${(buf.length / 1e6).toFixed(1)} MB -> ${outFile}`,
  );
}

await main();

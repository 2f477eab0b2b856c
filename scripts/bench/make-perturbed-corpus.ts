/**
 * A knowledge folder of N articles from a folder of news articles: every article as it is, then
 * again (and again) perturbed — its numbers shifted, a line added, a new file name — until N files
 * exist. For the scale run of issue 10 (150,000 documents, "the corpus twice, perturbed"):
 *
 *   npx tsx scripts/bench/make-perturbed-corpus.ts data/bench/crud-all /tmp/kb-150k 150000
 *   npm run bench -- --kb /tmp/kb-150k
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const [from, to, count] = process.argv.slice(2);
if (!from || !to || !count) throw new Error('usage: make-perturbed-corpus.ts FROM_DIR TO_DIR N');
const target = Number(count);
const files = (await readdir(from)).filter((f) => f.endsWith('.txt')).sort();
await mkdir(to, { recursive: true });
let written = 0;
for (let round = 0; written < target; round++) {
  for (const file of files) {
    if (written >= target) break;
    const text = await readFile(path.join(from, file), 'utf8');
    // Round 0 is the article itself; later rounds shift every number and add a line of their own.
    const body = round === 0 ? text : `${text.replace(/\d+/g, (n) => String(Number(n) + round))}\n（第${round}次转载，编号${written}）`;
    await writeFile(path.join(to, round === 0 ? file : `r${round}-${file}`), body);
    written++;
  }
}
console.log(`${written} files in ${to}`);

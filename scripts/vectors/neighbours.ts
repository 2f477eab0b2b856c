/**
 * Nearest neighbours of words in the shipped vectors, for inspection and the README.
 *   npx tsx scripts/vectors/neighbours.ts 光伏 gdp 综改区 ...   [K=10 in the environment]
 */
import { normalizeForIndex } from '../../src/text/normalize.js';
import { WordVectors } from '../../src/retrieval/word-vectors.js';

const k = Number(process.env.K ?? 10);
const t0 = performance.now();
const vectors = WordVectors.load();
console.log(`${vectors.size} words, ${vectors.dimensions} dims, loaded in ${(performance.now() - t0).toFixed(0)} ms`);
for (const raw of process.argv.slice(2)) {
  const word = normalizeForIndex(raw);
  if (!vectors.has(word)) {
    console.log(`${word}: not in the vocabulary`);
    continue;
  }
  const list = vectors.nearest(word, k).map((n) => `${n.word} ${n.similarity.toFixed(2)}`);
  console.log(`${word} (×${vectors.frequency(word)}): ${list.join(', ')}`);
}

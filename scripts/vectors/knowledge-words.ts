/**
 * The distinct words of the knowledge folder, one a line, segmented as for training. train.sh asks
 * fastText to compose vectors for them from character n-grams, so the documents' own rare words
 * (综改区, seen 3 times in the corpus) get vectors although they fall below the training minCount.
 *
 *   npx tsx scripts/vectors/knowledge-words.ts [KNOWLEDGE_DIR]   (default: knowledge)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { segmentSentences } from './segment.js';

const dir = process.argv[2] ?? 'knowledge';
const words = new Set<string>();
for (const name of readdirSync(dir).sort()) {
  if (!/\.(txt|md)$/i.test(name)) continue;
  for (const sentence of segmentSentences(readFileSync(path.join(dir, name), 'utf8'))) {
    for (const w of sentence) words.add(w);
  }
}
process.stdout.write([...words].sort().join('\n') + '\n');

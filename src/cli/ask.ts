/**
 * `npm run ask -- "问题"`: ranked passages for a question.
 *   --json           one JSON object per question
 *   --batch FILE     JSON lines with {"question", "id"?}; one result line each, index loaded once
 *   -k N             how many passages
 */
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { sectionLabel } from '../ingest/types.js';
import type { PolicyIndex } from '../retrieval/policy-index.js';
import { search, type SearchResult } from '../retrieval/search.js';
import { configOrExit, openConfiguredIndex, run } from './shared.js';

function passagesJson(result: SearchResult) {
  return result.hits.map((h, i) => ({
    rank: i + 1,
    docId: h.passage.docId,
    title: h.document.meta.title,
    section: sectionLabel(h.passage.section),
    text: h.passage.text,
    score: Number(h.score.toFixed(5)),
    start: h.passage.start,
    end: h.passage.end,
  }));
}

function resultJson(result: SearchResult, id?: unknown) {
  const round = (ms: number) => Number(ms.toFixed(2));
  return {
    ...(id !== undefined ? { id } : {}),
    question: result.question,
    passages: passagesJson(result),
    timings: Object.fromEntries(Object.entries(result.timings).map(([k, v]) => [k, round(v)])),
  };
}

function printHuman(result: SearchResult): void {
  console.log(`问题 / Question: ${result.question}\n`);
  if (result.hits.length === 0) console.log('No passages found.');
  result.hits.forEach((h, i) => {
    const meta = h.document.meta;
    console.log(`[${i + 1}] ${meta.title}${meta.date ? ` (${meta.date})` : ''}  score ${h.score.toFixed(4)}`);
    console.log(`    ${sectionLabel(h.passage.section) || '—'} · ${h.passage.docId} ${h.passage.start}–${h.passage.end}`);
    console.log(`    ${h.passage.text.replace(/\n/g, '\n    ')}\n`);
  });
  console.log(`(${result.timings.totalMs.toFixed(1)} ms)`);
}

async function runBatch(index: PolicyIndex, file: string, k: number): Promise<void> {
  const lines = createInterface({ input: file === '-' ? process.stdin : createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let item: { question?: unknown; id?: unknown };
    try {
      item = JSON.parse(line) as typeof item;
    } catch {
      console.log(JSON.stringify({ line: n, error: 'not valid JSON' }));
      continue;
    }
    if (typeof item.question !== 'string' || !item.question.trim()) {
      console.log(JSON.stringify({ ...(item.id !== undefined ? { id: item.id } : {}), line: n, error: 'missing "question"' }));
      continue;
    }
    console.log(JSON.stringify(resultJson(await search(index, item.question, { k }), item.id)));
  }
}

run(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean' }, batch: { type: 'string' }, k: { type: 'string', short: 'k' } },
  });
  const config = configOrExit();
  const k = values.k !== undefined ? Number(values.k) : config.TOP_K;
  if (!Number.isInteger(k) || k <= 0) throw new Error(`-k must be a positive integer (got "${values.k}")`);
  const question = positionals.join(' ').trim();
  if (!values.batch && !question) {
    console.error('usage: npm run ask -- [--json] [-k N] "问题"   |   npm run ask -- --json --batch FILE.jsonl');
    process.exit(2);
  }
  const { index } = await openConfiguredIndex(config);
  if (values.batch) return runBatch(index, values.batch, k);
  const result = await search(index, question, { k });
  if (values.json) console.log(JSON.stringify(resultJson(result)));
  else printHuman(result);
});

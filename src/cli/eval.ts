/**
 * `npm run eval [-- --set FILE] [--verbose]`: retrieval quality on a question set.
 * hit@k: a gold passage (one containing a gold quote) is among the first k passages.
 * all@5: every gold quote of the question is found in the first 5 (multi-passage questions).
 */
import { parseArgs } from 'node:util';
import { Answerer } from '../answer/pipeline.js';
import { compactForMatch } from '../ingest/normalize.js';
import { search } from '../retrieval/query/search.js';
import { openConfiguredIndex } from '../retrieval/configured-index.js';
import { configOrExit, run } from './shared.js';
import { containsQuote, percentile, readEvalSet, type EvalQuestion } from './eval-set.js';

interface Row {
  q: EvalQuestion;
  rank?: number;
  allFound: boolean;
  ms: number;
}

function summarize(label: string, rows: Row[]): string {
  if (rows.length === 0) return `${label.padEnd(10)} (none)`;
  const hit = (k: number) => rows.filter((r) => r.rank !== undefined && r.rank <= k).length / rows.length;
  const mrr = rows.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0) / rows.length;
  const all = rows.filter((r) => r.allFound).length / rows.length;
  return `${label.padEnd(10)} n=${String(rows.length).padStart(2)}  hit@1 ${hit(1).toFixed(3)}  hit@5 ${hit(5).toFixed(3)}  MRR ${mrr.toFixed(3)}  all@5 ${all.toFixed(3)}`;
}

run(async () => {
  const { values } = parseArgs({ options: { set: { type: 'string' }, verbose: { type: 'boolean', short: 'v' } } });
  const config = configOrExit();
  const set = await readEvalSet(values.set ?? 'eval/dev.jsonl');
  const { index } = await openConfiguredIndex(config);
  await search(index, '预热'); // first query pays for loading jieba/OpenCC; not a fair latency sample

  // One pass through the offline pipeline per question (no model, whatever .env says). It retrieves
  // 10 passages for the rank figures; the offline answer reads only the first 3, as with TOP_K=5.
  const answerer = new Answerer({ index: () => index, k: 10 });
  const rows: Row[] = [];
  let refusedUnanswerable = 0;
  let wronglyRefused = 0;
  let keywordHits = 0;
  const unanswerable = set.filter((q) => !q.answerable);
  for (const q of set) {
    const answer = await answerer.answer(q.question);
    if (!q.answerable) {
      if (answer.refused) refusedUnanswerable++;
      else if (values.verbose) console.log(`${q.id} answered an unanswerable question: ${answer.text.slice(0, 80)}`);
      continue;
    }
    const passages = answer.hits.map((h) => h.passage);
    const idx = passages.findIndex((p) => q.gold.some((g) => g.doc === p.docId && containsQuote(p, g.quote)));
    const top5 = passages.slice(0, 5);
    const allFound = q.gold.every((g) => top5.some((p) => p.docId === g.doc && containsQuote(p, g.quote)));
    rows.push({ q, rank: idx >= 0 ? idx + 1 : undefined, allFound, ms: answer.searchMs });
    if (values.verbose && (idx !== 0 || !allFound)) {
      console.log(`${q.id} rank=${idx >= 0 ? idx + 1 : '-'} all@5=${allFound} ${q.question}`);
      answer.hits.slice(0, 3).forEach((h, i) => console.log(`    ${i + 1}. ${h.passage.id} ${h.passage.text.slice(0, 60).replace(/\n/g, ' ')}`));
    }
    if (answer.refused) {
      wronglyRefused++;
      if (values.verbose) console.log(`${q.id} wrongly refused: ${q.question}`);
    } else if (q.keywords.every((k) => compactForMatch(answer.text).includes(compactForMatch(k)))) keywordHits++;
    else if (values.verbose) console.log(`${q.id} answer lacks ${q.keywords.join('/')}: ${answer.text.slice(0, 100)}`);
  }

  const lengths = [...index.eachPassage()].map((p) => [...p.text].length);
  const ms = rows.map((r) => r.ms);
  console.log(`Eval set: ${values.set ?? 'eval/dev.jsonl'} — ${set.length} questions, ${rows.length} answerable`);
  console.log(summarize('all', rows));
  console.log(summarize('Chinese', rows.filter((r) => r.q.lang.startsWith('zh'))));
  console.log(summarize('zh-Hans', rows.filter((r) => r.q.lang === 'zh-Hans')));
  console.log(summarize('zh-Hant', rows.filter((r) => r.q.lang === 'zh-Hant')));
  console.log(summarize('English', rows.filter((r) => r.q.lang === 'en')));
  console.log(`passages: ${lengths.length}, median ${percentile(lengths, 50)} chars, p90 ${percentile(lengths, 90)}, max ${Math.max(...lengths)}`);
  console.log(
    `offline answers: unanswerable refused ${refusedUnanswerable}/${unanswerable.length}, answerable wrongly refused ${wronglyRefused}/${rows.length}, all keywords in answer ${keywordHits}/${rows.length}`,
  );
  console.log(`latency: p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms`);
});

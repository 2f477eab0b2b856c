/**
 * `npm run ask -- "问题"`: the answer with its numbered sources (and, with --passages, the ranked
 * passages it was drawn from).
 *   --json           one JSON object per question: answer, refused, mode, citations, passages
 *   --batch FILE     JSON lines with {"question", "id"?, "conversation"?}; one result line each, index
 *                    loaded once; lines sharing a "conversation" are answered in order as one chat
 *   -k N             how many passages are retrieved
 *   --source N       after the answer, cited passage N (or "all") with the quoted sentences
 *                    highlighted and its place in the original file
 *   --issuer NAME, --since YYYY-MM-DD, --in-force
 *                    answer only from documents of that issuer, dated on or after that day, in force
 */
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { sectionLabel } from '../ingest/types.js';
import { createAnswerer } from '../answer/create-answerer.js';
import { passageLocation } from '../answer/citations.js';
import { answerAsPlainText, citationsJson, sourceLocation } from '../answer/format.js';
import { citedPassageText, styleFor } from '../answer/highlight.js';
import { allowedDocuments, describeFilter, parseDocumentFilter, type DocumentFilter } from '../retrieval/policy-catalogue.js';
import type { Answerer, AnsweredQuestion } from '../answer/pipeline.js';
import type { PreviousTurn } from '../query/analyse.js';
import { createLogger } from '../logger.js';
import type { SearchHit } from '../retrieval/query/search.js';
import { openConfiguredIndex } from '../retrieval/configured-index.js';
import { configOrExit, parseCommandLine, run } from './shared.js';
import { ASK_USAGE } from './usage.js';

function passagesJson(hits: SearchHit[]) {
  return hits.map((h, i) => ({
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

function resultJson(answer: AnsweredQuestion, ms: number, id?: unknown) {
  return {
    ...(id !== undefined ? { id } : {}),
    question: answer.question,
    ...(answer.standalone !== answer.question ? { standalone: answer.standalone } : {}),
    answer: answer.text,
    outcome: answer.outcome,
    refused: answer.refused,
    mode: answer.mode,
    notices: answer.notices,
    citations: citationsJson(answer),
    passages: passagesJson(answer.hits),
    ms: Number(ms.toFixed(2)),
  };
}

/** Longest cited passage printed by --source, in characters. */
const SOURCE_CHARS = 600;

function printHuman(answer: AnsweredQuestion, options: { passages: boolean; source?: string; folder: string }, ms: number): void {
  console.log(answerAsPlainText(answer));
  if (options.source !== undefined) printSources(answer, options.source, options.folder);
  if (options.passages) printPassages(answer.hits, options.folder);
  console.log(`\n(${answer.mode}, ${ms.toFixed(0)} ms)`);
}

/** `--source N|all`: the cited passages with their quoted sentences highlighted. */
function printSources(answer: AnsweredQuestion, which: string, folder: string): void {
  const style = styleFor(process.stdout);
  const chosen = which === 'all' ? answer.citations : answer.citations.filter((c) => String(c.n) === which.replace(/^\[|\]$/g, ''));
  if (chosen.length === 0) {
    console.log(`\n(没有第 ${which} 条出处；这个回答有 ${answer.citations.length} 条 · no source ${which}: the answer has ${answer.citations.length})`);
    return;
  }
  for (const c of chosen) console.log(`\n${citedPassageText(c, { style, maxChars: SOURCE_CHARS, folder })}`);
}

function printPassages(hits: SearchHit[], folder: string): void {
  console.log('\n检索到的段落 / Retrieved passages:');
  hits.forEach((h, i) => {
    const meta = h.document.meta;
    console.log(`[${i + 1}] ${meta.title}${meta.date ? ` (${meta.date})` : ''}  score ${h.score.toFixed(4)}`);
    const location = passageLocation(h.document, h.passage);
    console.log(`    ${sectionLabel(h.passage.section) || '—'} · ${location ? sourceLocation(location, folder) : h.passage.docId} (${h.passage.start}–${h.passage.end})`);
    console.log(`    ${h.passage.text.replace(/\n/g, '\n    ')}\n`);
  });
}

async function timed(answerer: Answerer, question: string, previous?: PreviousTurn, filter?: DocumentFilter): Promise<[AnsweredQuestion, number]> {
  const t0 = performance.now();
  const answer = await answerer.answer(question, { previous, filter });
  return [answer, performance.now() - t0];
}

async function runBatch(answerer: Answerer, file: string, filter?: DocumentFilter): Promise<void> {
  const lines = createInterface({ input: file === '-' ? process.stdin : createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  const conversations = new Map<string, PreviousTurn>();
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let item: { question?: unknown; id?: unknown; conversation?: unknown };
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
    // Lines of one conversation are one chat: each is asked with the previous turn, as the bot does.
    const chat = item.conversation === undefined ? undefined : String(item.conversation);
    const [answer, ms] = await timed(answerer, item.question, chat === undefined ? undefined : conversations.get(chat), filter);
    if (chat !== undefined) conversations.set(chat, { question: answer.standalone, answer: answer.text });
    console.log(JSON.stringify({ ...resultJson(answer, ms, item.id), ...(chat !== undefined ? { conversation: item.conversation } : {}) }));
  }
}

run(async () => {
  const { values, positionals } = parseCommandLine(
    ASK_USAGE,
    {
      json: { type: 'boolean' },
      batch: { type: 'string' },
      k: { type: 'string', short: 'k' },
      passages: { type: 'boolean' },
      source: { type: 'string' },
      issuer: { type: 'string' },
      since: { type: 'string' },
      'in-force': { type: 'boolean' },
    },
    { positionals: true },
  );
  const scope = parseDocumentFilter({ issuer: values.issuer, since: values.since, inForce: values['in-force'] });
  if (!scope.ok) {
    console.error(scope.error);
    process.exit(2);
  }
  if (values.source !== undefined && !/^(all|\[?\d+\]?)$/.test(values.source)) {
    console.error(`--source takes a source number or "all" (got "${values.source}")`);
    process.exit(2);
  }
  const config = configOrExit();
  const k = values.k !== undefined ? Number(values.k) : config.TOP_K;
  if (!Number.isInteger(k) || k <= 0) throw new Error(`-k must be a positive integer (got "${values.k}")`);
  const question = positionals.join(' ').trim();
  if (!values.batch && !question) {
    console.error('usage: npm run ask -- [--json] [--passages] [--source N|all] [-k N] [--issuer 机关] [--since DATE] [--in-force] "问题"   |   npm run ask -- --json --batch FILE.jsonl   (--help for more)');
    process.exit(2);
  }
  const { index } = await openConfiguredIndex(config);
  const answerer = await createAnswerer({ ...config, TOP_K: k }, () => index, createLogger(config.LOG_LEVEL));
  if (allowedDocuments(index, scope.filter)?.size === 0) {
    console.error(`没有符合条件的文件 · no document matches ${describeFilter(scope.filter)} (see /docs for the documents and their metadata)`);
    process.exit(1);
  }
  if (values.batch) return runBatch(answerer, values.batch, scope.filter);
  const [answer, ms] = await timed(answerer, question, undefined, scope.filter);
  if (values.json) console.log(JSON.stringify(resultJson(answer, ms)));
  else printHuman(answer, { passages: values.passages ?? false, source: values.source, folder: config.KNOWLEDGE_DIR }, ms);
});

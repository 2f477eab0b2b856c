/**
 * `npm run eval [-- --set dev|dev2|crud|FILE ...] [--crud-size N] [-v] [--dump FILE] [--json]`:
 * the answer path measured on the policy sets and a CRUD-RAG news sample, with a ranking ablation
 * and an SQLite FTS5 baseline beside the project on CRUD. No --set: dev, dev2 and crud.
 * Progress goes to stderr; the report (or with --json the summary) to stdout.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Answerer } from '../answer/pipeline.js';
import { runCrudSet } from '../eval/crud-run.js';
import { answerItems, dumpLine, rankingAblation, type Evaluated } from '../eval/run.js';
import { formatReport, setReport, type EvalReport } from '../eval/report.js';
import { readPolicySet } from '../eval/sets.js';
import { failures } from '../eval/failures.js';
import { openConfiguredIndex } from '../retrieval/configured-index.js';
import type { PolicyIndex } from '../retrieval/policy-index.js';
import { configOrExit, parseCommandLine, run } from './shared.js';
import { EVAL_USAGE } from './usage.js';

const POLICY_SETS: Record<string, string> = { dev: 'eval/dev.jsonl', dev2: 'eval/dev2.jsonl', 'en-extra': 'eval/en-extra.jsonl' };

run(async () => {
  const { values } = parseCommandLine(EVAL_USAGE, {
    set: { type: 'string', multiple: true },
    'crud-size': { type: 'string', default: '3000' },
    'crud-dir': { type: 'string', default: path.join('..', 'shared', 'crud') },
    verbose: { type: 'boolean', short: 'v' },
    dump: { type: 'string' },
    json: { type: 'boolean' },
  });
  const crudSize = Number(values['crud-size']);
  if (!Number.isInteger(crudSize) || crudSize < 1) throw new Error(`--crud-size must be a positive integer (got "${values['crud-size']}")`);
  const config = configOrExit();
  const started = performance.now();
  const progress = (line: string) => console.error(line);
  const report: EvalReport = { sets: [], notes: [], seconds: 0 };
  const evaluated: Evaluated[] = [];

  let policyIndex: PolicyIndex | undefined;
  for (const set of values.set ?? ['dev', 'dev2', 'en-extra', 'crud']) {
    const t0 = performance.now();
    if (set === 'crud') {
      if (!existsSync(values['crud-dir'])) {
        report.notes.push(`CRUD sample skipped: ${values['crud-dir']} not found`);
        continue;
      }
      const crud = await runCrudSet({ config, crudDir: values['crud-dir'], size: crudSize, progress });
      evaluated.push(...crud.evaluated);
      report.sets.push(crud.report);
      report.baseline = crud.baseline;
      continue;
    }
    const file = POLICY_SETS[set] ?? set;
    const name = POLICY_SETS[set] ? set : path.basename(set, '.jsonl');
    const items = await readPolicySet(file, name);
    policyIndex ??= (await openConfiguredIndex(config)).index;
    const index = policyIndex;
    progress(`${name}: answering ${items.length} questions from ${file}`);
    const rows = await answerItems(new Answerer({ index: () => index, k: 10 }), items);
    const ablation = await rankingAblation(index, items);
    evaluated.push(...rows);
    const passages = `${index.documentCount} documents, ${index.passageCount} passages`;
    report.sets.push(setReport(name, `${file}, ${items.length} questions; ${config.KNOWLEDGE_DIR}/: ${passages}`, rows.map((r) => r.result), ablation, (performance.now() - t0) / 1000));
  }
  report.seconds = (performance.now() - started) / 1000;

  if (values.dump) {
    await writeFile(values.dump, evaluated.map((e) => JSON.stringify(dumpLine(e))).join('\n') + '\n');
    progress(`dump: ${evaluated.length} lines in ${values.dump}`);
  }
  if (values.verbose) for (const line of failures(evaluated)) console.log(line);
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
});

/**
 * `npm run ingest [-- --full] [--verify]`: brings the index up to date with knowledge/ (only added,
 * changed and removed files are processed) and reports what it did, skipped files with reasons.
 *   --full     rebuild everything
 *   --verify   compare every file by content hash, not only those whose size or time changed
 */
import { openConfiguredIndex } from '../retrieval/configured-index.js';
import { storedSkips } from '../retrieval/store.js';
import { progressPrinter } from './progress.js';
import { configOrExit, parseCommandLine, run } from './shared.js';
import { INGEST_USAGE } from './usage.js';

/** Documents listed one by one up to this many; beyond it a count (a 68,000-line log helps nobody). */
const LIST_LIMIT = 30;

run(async () => {
  const { values } = parseCommandLine(INGEST_USAGE, { full: { type: 'boolean' }, verify: { type: 'boolean' } });
  const config = configOrExit();
  const opened = await openConfiguredIndex(config, values.verify ?? false, { full: values.full ?? false, onProgress: progressPrinter() });
  const { index } = opened;
  const report = opened.built;
  console.log(`Index ${report ? (report.mode === 'full' ? 'rebuilt' : 'updated') : 'up to date'} (${opened.reason}) in ${(opened.ms / 1000).toFixed(2)} s`);
  console.log(`  ${index.documentCount} documents, ${index.passageCount} passages   knowledge: ${config.KNOWLEDGE_DIR}   index: ${config.DATA_DIR}   embedder: ${index.manifest.embedder} (${index.manifest.dimensions} dimensions)`);
  if (report) {
    console.log(`  ${report.added} added, ${report.changed} changed, ${report.removed} removed, ${report.unchanged} unchanged; ${report.passagesWritten} passages written`);
    for (const d of report.indexed.slice(0, LIST_LIMIT)) {
      console.log(`  ✓ ${d.id}  ${d.title}  (${d.kind}${d.date ? `, ${d.date}` : ''}; ${d.passages} passages${d.encoding !== 'UTF-8' ? `; ${d.encoding}` : ''})`);
    }
    if (report.indexed.length > LIST_LIMIT) console.log(`  … and ${report.indexed.length - LIST_LIMIT} more documents`);
    for (const w of report.warnings) console.log(`  ! ${w.file}: ${w.reason}`);
  }
  // Files skipped now (not indexable this run) and earlier (recorded in the index, still unusable).
  const skipped = new Map((report?.skipped ?? []).map((s) => [s.file, s.reason]));
  for (const s of await storedSkips(config.DATA_DIR)) if (!skipped.has(s.file)) skipped.set(s.file, s.reason);
  for (const [file, reason] of skipped) console.log(`  ✗ skipped ${file}: ${reason}`);
  index.close();
});

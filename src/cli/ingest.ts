/** `npm run ingest`: rebuilds the index from knowledge/ and reports what it did. */
import { openConfiguredIndex } from '../retrieval/configured-index.js';
import { configOrExit, run } from './shared.js';

run(async () => {
  const config = configOrExit();
  const opened = await openConfiguredIndex(config, true);
  const kb = opened.built!;
  console.log(`Indexed ${kb.documents.length} documents into ${kb.passages.length} passages in ${(opened.ms / 1000).toFixed(2)} s`);
  console.log(`  knowledge: ${config.KNOWLEDGE_DIR}   index: ${config.DATA_DIR}   embedder: ${opened.index.manifest.embedder}`);
  for (const d of kb.documents) {
    const n = kb.passages.filter((p) => p.docId === d.id).length;
    console.log(`  ✓ ${d.id}  ${d.meta.title}  (${d.meta.kind}${d.meta.date ? `, ${d.meta.date}` : ''}; ${n} passages${d.encoding !== 'UTF-8' ? `; ${d.encoding}` : ''})`);
  }
  for (const w of kb.warnings) console.log(`  ! ${w.file}: ${w.reason}`);
  for (const s of kb.skipped) console.log(`  ✗ skipped ${s.file}: ${s.reason}`);
});

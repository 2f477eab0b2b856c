/**
 * The terminal chat: what `npm start` opens when no Telegram token is set. One question per line;
 * empty line or Ctrl-D ends it.
 */
import { createInterface } from 'node:readline/promises';
import type { Config } from '../config.js';
import { sectionLabel } from '../ingest/types.js';
import { search } from '../retrieval/search.js';
import { openConfiguredIndex } from './shared.js';

const MAX_QUESTION_CHARS = 500;

export async function runTerminalChat(config: Config): Promise<void> {
  const opened = await openConfiguredIndex(config);
  const { index } = opened;
  console.log(
    `山西转型政策问答 · ${index.documents.length} 份文件 / ${index.passages.length} 段 (${opened.built ? 'index built' : 'index loaded'} in ${opened.ms.toFixed(0)} ms)`,
  );
  console.log('输入问题后回车；空行或 Ctrl-D 退出。Type a question and press Enter; empty line or Ctrl-D quits.\n');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  try {
    for (;;) {
      let line: string;
      try {
        line = await rl.question('问 › ');
      } catch {
        break; // stdin closed
      }
      const question = line.trim();
      if (!question) break;
      const asked = question.length > MAX_QUESTION_CHARS ? question.slice(0, MAX_QUESTION_CHARS) : question;
      if (asked !== question) console.log(`(问题过长，只按前 ${MAX_QUESTION_CHARS} 字检索)`);
      const result = await search(index, asked, { k: config.TOP_K });
      result.hits.forEach((h, i) => {
        console.log(`\n[${i + 1}] ${h.document.meta.title} · ${sectionLabel(h.passage.section) || '—'}`);
        console.log(`    ${h.passage.text.replace(/\n/g, '\n    ')}`);
      });
      console.log('');
    }
  } finally {
    rl.close();
  }
}

/**
 * `npm run feedback [-- --vote up|down] [--out FILE]`: the readers' 👍 / 👎 votes as evaluation
 * cases (JSON lines in the eval/dev.jsonl format; see src/chat/feedback-export.ts). The votes come
 * from where the bot stores them: PostgreSQL when DATABASE_URL is set (every instance's votes),
 * DATA_DIR/feedback.sqlite otherwise.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { feedbackCases } from '../chat/feedback-export.js';
import type { FeedbackStore } from '../chat/feedback-store.js';
import { PgFeedbackStore } from '../chat/pg-feedback-store.js';
import { FEEDBACK_FILE, SqliteFeedbackStore } from '../chat/sqlite-feedback-store.js';
import type { Config } from '../config.js';
import { connectPostgres } from '../store/postgres.js';
import { configOrExit, parseCommandLine, run } from './shared.js';
import { FEEDBACK_USAGE } from './usage.js';

/** The store the bot writes votes to, or undefined (with a message) when there are none yet. */
async function openVotes(config: Config): Promise<FeedbackStore | undefined> {
  // One attempt: an unreachable database is one clear line (no password), not a wait.
  if (config.DATABASE_URL) return new PgFeedbackStore(await connectPostgres(config.DATABASE_URL, { attempts: 1, max: 1 }), true);
  const file = path.join(config.DATA_DIR, FEEDBACK_FILE);
  if (existsSync(file)) return new SqliteFeedbackStore(config.DATA_DIR, { readonly: true });
  console.error(`No feedback yet: ${file} does not exist (votes are stored there once the bot has run and someone pressed 👍 or 👎).`);
  return undefined;
}

run(async () => {
  const { values } = parseCommandLine(FEEDBACK_USAGE, { vote: { type: 'string' }, out: { type: 'string' } });
  if (values.vote !== undefined && values.vote !== 'up' && values.vote !== 'down') {
    console.error(`--vote must be "up" or "down" (got "${values.vote}")`);
    process.exit(2);
  }
  const config = configOrExit();
  const store = await openVotes(config);
  if (!store) {
    if (values.out) await writeFile(values.out, '');
    return;
  }
  try {
    const cases = feedbackCases(await store.records()).filter((c) => values.vote === undefined || c.feedback.verdict === values.vote);
    const lines = cases.map((c) => JSON.stringify(c)).join('\n') + (cases.length > 0 ? '\n' : '');
    if (values.out) {
      await writeFile(values.out, lines);
      console.error(`${cases.length} case(s) written to ${values.out} (👍 ${cases.filter((c) => c.feedback.verdict === 'up').length}, 👎 ${cases.filter((c) => c.feedback.verdict === 'down').length})`);
    } else process.stdout.write(lines);
  } finally {
    await store.close();
  }
});

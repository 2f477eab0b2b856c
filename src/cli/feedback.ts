/**
 * `npm run feedback [-- --vote up|down] [--out FILE]`: the readers' 👍 / 👎 votes as evaluation
 * cases (JSON lines in the eval/dev.jsonl format; see src/chat/feedback-export.ts).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { feedbackCases } from '../chat/feedback-export.js';
import { FEEDBACK_FILE, FeedbackStore } from '../chat/feedback-store.js';
import { configOrExit, parseCommandLine, run } from './shared.js';
import { FEEDBACK_USAGE } from './usage.js';

run(async () => {
  const { values } = parseCommandLine(FEEDBACK_USAGE, { vote: { type: 'string' }, out: { type: 'string' } });
  if (values.vote !== undefined && values.vote !== 'up' && values.vote !== 'down') {
    console.error(`--vote must be "up" or "down" (got "${values.vote}")`);
    process.exit(2);
  }
  const config = configOrExit();
  if (!existsSync(path.join(config.DATA_DIR, FEEDBACK_FILE))) {
    console.error(`No feedback yet: ${path.join(config.DATA_DIR, FEEDBACK_FILE)} does not exist (votes are stored there once the bot has run and someone pressed 👍 or 👎).`);
    if (values.out) await writeFile(values.out, '');
    return;
  }
  const store = new FeedbackStore(config.DATA_DIR, { readonly: true });
  try {
    const cases = feedbackCases(store.records()).filter((c) => values.vote === undefined || c.feedback.verdict === values.vote);
    const lines = cases.map((c) => JSON.stringify(c)).join('\n') + (cases.length > 0 ? '\n' : '');
    if (values.out) {
      await writeFile(values.out, lines);
      console.error(`${cases.length} case(s) written to ${values.out} (👍 ${cases.filter((c) => c.feedback.verdict === 'up').length}, 👎 ${cases.filter((c) => c.feedback.verdict === 'down').length})`);
    } else process.stdout.write(lines);
  } finally {
    store.close();
  }
});

/** Plain-text renderings of an answer shared by the CLI and the terminal chat (the bot renders HTML). */
import { sectionLabel } from '../ingest/types.js';
import type { Answer, Citation } from './types.js';

/** "title · section · date": how a source is named in lists. */
export function sourceLine(c: Citation): string {
  return [`《${c.title}》`, sectionLabel(c.passage.section), c.date].filter(Boolean).join(' · ');
}

export function answerAsPlainText(answer: Answer): string {
  const lines = [...answer.notices.map((n) => `(${n})`), answer.text];
  if (answer.citations.length > 0) {
    lines.push('', '出处 / Sources:');
    for (const c of answer.citations) lines.push(`[${c.n}] ${sourceLine(c)}`);
  }
  return lines.join('\n');
}

/** The `citations` field of `ask --json`. */
export function citationsJson(answer: Answer) {
  return answer.citations.map((c) => ({
    n: c.n,
    docId: c.passage.docId,
    title: c.title,
    section: sectionLabel(c.passage.section),
    date: c.date,
    text: c.passage.text,
    start: c.passage.start,
    end: c.passage.end,
    quoted: c.quoted,
  }));
}

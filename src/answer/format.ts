/** Plain-text renderings of an answer shared by the CLI and the terminal chat (the bot renders HTML). */
import { sectionLabel } from '../ingest/types.js';
import type { Answer } from './types.js';

/** "《title》 · section · date": how a source is named in lists, here and in the bot. */
export function sourceName(source: { title: string; section: string[]; date?: string }): string {
  return [`《${source.title}》`, sectionLabel(source.section), source.date].filter(Boolean).join(' · ');
}

export function answerAsPlainText(answer: Answer): string {
  const lines = [...answer.notices.map((n) => `(${n})`), answer.text];
  if (answer.citations.length > 0) {
    lines.push('', '出处 / Sources:');
    for (const c of answer.citations) lines.push(`[${c.n}] ${sourceName({ title: c.title, section: c.passage.section, date: c.date })}`);
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

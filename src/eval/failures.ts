/** `--verbose`: one line per failure, so the cases behind a figure can be read. */
import type { Evaluated } from './run.js';

const clip = (text: string, n: number) => text.replace(/\s+/g, ' ').slice(0, n);

export function failures(evaluated: Evaluated[]): string[] {
  const lines: string[] = [];
  for (const { result: r, answer } of evaluated) {
    const tag = `${r.item.set}/${r.item.id}`;
    if (!r.item.answerable) {
      if (r.outcome !== 'refused') lines.push(`${tag} answered an unanswerable question (${r.outcome}): ${r.item.question} → ${clip(answer.text, 80)}`);
      continue;
    }
    if (r.rank !== 1) lines.push(`${tag} gold rank ${r.rank ?? '-'}: ${r.item.question} | top: ${answer.hits.slice(0, 3).map((h) => h.passage.id).join(', ')}`);
    if (r.outcome === 'refused') lines.push(`${tag} refused an answerable question: ${r.item.question}`);
    else if (!r.keywordHit) lines.push(`${tag} answer lacks the keywords: ${r.item.question} → ${clip(answer.text, 100)}`);
    if (r.outcome !== 'refused' && r.support.supported < r.support.sentences) {
      lines.push(`${tag} citations support ${r.support.supported}/${r.support.sentences} sentences: ${clip(answer.text, 100)}`);
    }
  }
  return lines;
}

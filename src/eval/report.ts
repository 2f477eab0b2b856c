/**
 * The evaluation report: per set and per group figures, the figures the issue tracks, the ranking
 * ablation and the FTS5 baseline, as a compact text table for people and as JSON for tools.
 */
import type { BaselineFigures } from './fts5-baseline.js';
import { groupBy, rankFigures, ratio, summarize, type Metrics, type QuestionResult } from './metrics.js';
import type { VariantFigures } from './run.js';

/** The figures the issue tracks. */
export interface Tracked {
  answerableRefused: number | null;
  unanswerableAnswered: number | null;
  keywordHit: number | null;
  chineseHit1: number | null;
  englishHit5: number | null;
  citationSupport: number | null;
}

export interface SetReport {
  name: string;
  /** Where the questions and the knowledge come from. */
  description: string;
  overall: Metrics;
  byLang: Record<string, Metrics>;
  byType: Record<string, Metrics>;
  tracked: Tracked;
  ablation: VariantFigures[];
  /** Total time for the set (answers, ablation, baseline), index build excluded. */
  seconds: number;
}

export interface SystemFigures extends BaselineFigures {
  system: string;
  /** Index build time; `cached` when it was built by an earlier run. */
  buildS: number | null;
  cached?: boolean;
}

export interface EvalReport {
  sets: SetReport[];
  /** CRUD answerable questions: the project and the FTS5 baseline side by side. */
  baseline?: { set: string; systems: SystemFigures[] };
  notes: string[];
  seconds: number;
}

export function trackedFigures(rows: QuestionResult[], overall: Metrics): Tracked {
  const answerable = rows.filter((r) => r.item.answerable);
  const ranks = (lang: (l: string) => boolean) => rankFigures(answerable.filter((r) => lang(r.item.lang)).map((r) => r.rank));
  return {
    answerableRefused: overall.falseRefusals,
    unanswerableAnswered: ratio(rows.filter((r) => !r.item.answerable && r.outcome !== 'refused').length, overall.unanswerable),
    keywordHit: overall.keywordHit,
    chineseHit1: ranks((l) => l.startsWith('zh')).hit1,
    englishHit5: ranks((l) => l === 'en').hit5,
    citationSupport: overall.citationSupport,
  };
}

function byKey(rows: QuestionResult[], key: (r: QuestionResult) => string): Record<string, Metrics> {
  return Object.fromEntries([...groupBy(rows, key)].map(([k, g]) => [k, summarize(g)]));
}

export function setReport(name: string, description: string, rows: QuestionResult[], ablation: VariantFigures[], seconds: number): SetReport {
  const overall = summarize(rows);
  return {
    name,
    description,
    overall,
    byLang: byKey(rows, (r) => r.item.lang),
    byType: byKey(rows, (r) => r.item.type),
    tracked: trackedFigures(rows, overall),
    ablation,
    seconds,
  };
}

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

const COLUMNS = ['', 'n', 'ans', 'hit@1', 'hit@5', 'MRR', 'src@5', 'refP', 'refR', 'falseRef', 'partial', 'kw', 'cite', 'p50ms', 'p95ms'];
const WIDTHS = [18, 4, 4, 6, 6, 6, 6, 6, 6, 8, 7, 6, 6, 7, 7];

function row(cells: string[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(WIDTHS[i]!) : c.padStart(WIDTHS[i]!))).join(' ').trimEnd();
}

function metricsRow(label: string, m: Metrics): string {
  return row([
    label.slice(0, WIDTHS[0]),
    String(m.n),
    String(m.answerable),
    f3(m.hit1),
    f3(m.hit5),
    f3(m.mrr),
    f3(m.source5),
    f3(m.refusalPrecision),
    f3(m.refusalRecall),
    f3(m.falseRefusals),
    String(m.partial),
    f3(m.keywordHit),
    f3(m.citationSupport),
    ms(m.p50Ms),
    ms(m.p95Ms),
  ]);
}

export function formatSet(s: SetReport): string {
  const lines = [`== ${s.name}: ${s.description} (${s.seconds.toFixed(1)} s)`, row(COLUMNS), metricsRow('all', s.overall)];
  for (const [lang, m] of Object.entries(s.byLang)) if (Object.keys(s.byLang).length > 1) lines.push(metricsRow(`lang ${lang}`, m));
  for (const [type, m] of Object.entries(s.byType)) lines.push(metricsRow(`type ${type}`, m));
  const t = s.tracked;
  lines.push(
    `tracked: answerable refused ${pct(t.answerableRefused)} · unanswerable answered ${pct(t.unanswerableAnswered)} · keyword hit ${pct(t.keywordHit)} · ` +
      `Chinese hit@1 ${f3(t.chineseHit1)} · English hit@5 ${f3(t.englishHit5)} · citation support ${pct(t.citationSupport)}`,
  );
  lines.push(
    `ablation (search k=10, answerable as asked): ` +
      s.ablation.map((v) => `${v.name} ${f3(v.hit1)}/${f3(v.hit5)}/${f3(v.mrr)} (${ms(v.p50Ms)}/${ms(v.p95Ms)} ms)`).join(' · ') +
      '   [hit@1/hit@5/MRR (search p50/p95)]',
  );
  return lines.join('\n');
}

export function formatBaseline(b: NonNullable<EvalReport['baseline']>): string {
  const w = [24, 10, 9, 9, 9, 8, 8];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join(' ');
  const n = b.systems[0]?.n ?? 0;
  return [
    `== ${b.set} answerable questions (n=${n}): the project beside SQLite FTS5 BM25 over jieba tokens of fixed-size chunks of the raw articles`,
    line(['system', 'build', 'recall@1', 'recall@5', 'source@5', 'p50 ms', 'p95 ms']),
    ...b.systems.map((s) =>
      line([s.system, s.buildS === null ? '—' : `${s.buildS.toFixed(1)} s${s.cached ? '*' : ''}`, f3(s.recall1), f3(s.recall5), f3(s.source5), ms(s.p50Ms), ms(s.p95Ms)]),
    ),
    ...(b.systems.some((s) => s.cached) ? ['* built by an earlier run (index cached under data/eval)'] : []),
  ].join('\n');
}

export function formatReport(r: EvalReport): string {
  const legend =
    'columns: ans = answerable; hit@k/MRR over answerable (CRUD: recall@k); src@5 = a top-5 passage from the source article; ' +
    'refP/refR = refusal precision/recall; falseRef = answerable refused; kw = keywords (CRUD: a gold answer) in the answer; ' +
    'cite = answer sentences supported by their cited passages; p50/p95 = whole answer';
  return [...r.sets.map(formatSet), ...(r.baseline ? [formatBaseline(r.baseline)] : []), ...r.notes, legend, `total ${r.seconds.toFixed(1)} s`].join('\n\n');
}

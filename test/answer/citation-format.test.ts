import { describe, expect, it } from 'vitest';
import { citationOf, passageLocation } from '../../src/answer/citations.js';
import { answerAsPlainText, documentLine, sourceLocation, sourceName } from '../../src/answer/format.js';
import { citedPassageText, excerptRange, highlightedExcerpt, highlightQuoted, markQuoted, styleFor } from '../../src/answer/highlight.js';
import { bold, plain, quote } from '../../src/chat/reply.js';
import { toHtml } from '../../src/chat/render-html.js';
import { toText } from '../../src/chat/render-text.js';
import type { Answer } from '../../src/answer/types.js';
import { ingestFile } from '../../src/ingest/document.js';
import type { KnowledgeDocument } from '../../src/ingest/types.js';

const POLICY = [
  '---',
  'title: 山西省人民政府关于印发山西省“十四五”14个战略性新兴产业规划的通知',
  'issuer: 山西省人民政府',
  'date: "2021-05-27"',
  'docNumber: 晋政发〔2021〕17号',
  '---',
  '四、保障措施',
  '加强组织领导。建立省级统筹协调机制，',
  '研究解决重大问题。',
].join('\n');

function cited(text: string, name: string, quoted: string[], pages?: KnowledgeDocument['pages']) {
  const r = ingestFile(name, new TextEncoder().encode(text));
  if (!r.ok) throw new Error(r.reason);
  const document = pages ? { ...r.document, pages } : r.document;
  return citationOf(1, { passage: r.passages[0]!, document }, quoted);
}

describe('citation lines', () => {
  it('names the plan, its number, issuer, date and section', () => {
    const c = cited(POLICY, '001_x.txt', ['研究解决重大问题。']);
    expect(`[1] ${sourceName({ ...c, section: c.passage.section })}`).toBe(
      '[1] 《山西省“十四五”14个战略性新兴产业规划》 · 晋政发〔2021〕17号 · 山西省人民政府 · 2021-05-27 · 四、保障措施',
    );
    expect(c).toMatchObject({ file: '001_x.txt', lines: [8, 9], docNumber: '晋政发〔2021〕17号' });
    expect(sourceLocation(c)).toBe('knowledge/001_x.txt, lines 8–9');
    const answer: Answer = { text: '研究解决重大问题。[1]', citations: [c], outcome: 'answer', refused: false, mode: 'extractive', notices: [] };
    expect(answerAsPlainText(answer)).toContain('[1] 《山西省“十四五”14个战略性新兴产业规划》 · 晋政发〔2021〕17号');
  });

  it('leaves absent fields out; news names its publisher; a repealed document says so', () => {
    expect(sourceName({ title: '晋中氢能', section: [], date: '2024', source: '山西日报', kind: 'news' })).toBe('《晋中氢能》 · 山西日报 · 2024');
    expect(sourceName({ title: '某办法', section: ['一、总则'] })).toBe('《某办法》 · 一、总则');
    expect(sourceName({ title: '某办法', section: [], issuer: '太原市人民政府', status: 'superseded' })).toBe('《某办法》 · 太原市人民政府 · 已废止');
    expect(sourceName({ title: '某办法', section: [], status: 'in-force' })).toBe('《某办法》');
  });

  it('adds the page for paginated originals', () => {
    const c = cited(POLICY, 'plan.txt', [], [
      { start: 0, page: 11 },
      { start: 14, page: 12 },
    ]);
    expect(c.pages).toEqual([11, 12]);
    expect(sourceLocation(c, 'docs/')).toBe('docs/plan.txt, lines 8–9, pp. 11–12');
    expect(sourceLocation({ file: 'a.pdf', lines: [3, 3], pages: [5, 5] })).toBe('knowledge/a.pdf, line 3, p. 5');
  });
});

describe('highlighting cited sentences', () => {
  const text = '加强组织领导。建立省级统筹协调机制，研究解决重大问题。';
  const quoted = ['建立省级统筹协调机制，研究解决重大问题。'];

  it('uses bold yellow on a terminal and 【】 elsewhere', () => {
    expect(highlightQuoted(text, quoted, 'ansi')).toBe('加强组织领导。\u001b[1;33m建立省级统筹协调机制，研究解决重大问题。\u001b[0m');
    expect(highlightQuoted(text, quoted, 'brackets')).toBe('加强组织领导。【建立省级统筹协调机制，研究解决重大问题。】');
    expect(styleFor({ isTTY: true }, {})).toBe('ansi');
    expect(styleFor({ isTTY: false }, {})).toBe('brackets');
    expect(styleFor({ isTTY: true }, { NO_COLOR: '1' })).toBe('brackets');
    expect(markQuoted('引用', 'brackets')).toBe('【引用】');
  });

  it('prints the source line, the place in the file and the marked passage', () => {
    const c = cited(POLICY, '001_x.txt', ['研究解决重大问题。']);
    expect(citedPassageText(c, { style: 'brackets' }).split('\n')).toEqual([
      '[1] 《山西省“十四五”14个战略性新兴产业规划》 · 晋政发〔2021〕17号 · 山西省人民政府 · 2021-05-27 · 四、保障措施',
      'knowledge/001_x.txt, lines 8–9',
      '加强组织领导。建立省级统筹协调机制，【研究解决重大问题。】',
    ]);
  });

  it('cuts a long passage on character boundaries, keeping the quote in view', () => {
    const long = `${'😀𠀀'.repeat(300)}关键的一句。${'𠀀😀'.repeat(300)}`;
    const shown = highlightedExcerpt(long, ['关键的一句。'], 'brackets', 100);
    expect(shown).toContain('【关键的一句。】');
    expect(shown.startsWith('…') && shown.endsWith('…')).toBe(true);
    // No lone surrogate: every code point is whole.
    expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(shown)).toBe(false);
    expect([...shown.replace(/[…【】]/g, '')].length).toBe(100);
    const [from, to] = excerptRange('短文本。', [], 100);
    expect([from, to]).toEqual([0, 4]);
  });
});

describe('the bot and the terminal chat', () => {
  it('locates a stored passage only while its document still has that text', () => {
    const r = ingestFile('001_x.txt', new TextEncoder().encode(POLICY));
    if (!r.ok) throw new Error(r.reason);
    const p = r.passages[0]!;
    expect(passageLocation(r.document, p)).toMatchObject({ file: '001_x.txt', lines: [8, 9] });
    expect(passageLocation(r.document, { ...p, text: `${p.text}（旧版）` })).toBeUndefined();
    expect(passageLocation(undefined, p)).toBeUndefined();
  });

  it('marks the cited sentences of a /source reply for the terminal, not its heading', () => {
    const reply = { blocks: [[bold('[1] 《规划》')], [plain('2021 · 四、保障措施')], [plain('加强组织领导。'), quote('研究解决重大问题。')]] };
    expect(toText(reply, { quotes: 'brackets' })).toBe('[1] 《规划》\n\n2021 · 四、保障措施\n\n加强组织领导。【研究解决重大问题。】');
    expect(toText(reply, { quotes: 'ansi' })).toContain('\u001b[1;33m研究解决重大问题。\u001b[0m');
    expect(toText(reply)).toContain('加强组织领导。研究解决重大问题。');
    expect(toHtml(reply)).toContain('<b>研究解决重大问题。</b>');
  });

  it('lists a document with its number, issuer, date, kind and status', () => {
    const meta = { title: '某规划', kind: 'plan' as const, docNumber: '晋政发〔2021〕17号', issuer: '山西省人民政府', date: '2021-05-27' };
    expect(documentLine({ meta, status: 'in-force' })).toBe('《某规划》 · 晋政发〔2021〕17号 · 山西省人民政府 · 2021-05-27 · 政策规划 · 现行有效');
    expect(documentLine({ meta: { title: '新闻', kind: 'news', source: '山西日报', date: '2024' } })).toBe('《新闻》 · 山西日报 · 2024 · 新闻报道');
  });
});

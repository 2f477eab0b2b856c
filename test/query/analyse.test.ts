import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/query/analyse.js';
import type { Lexicon } from '../../src/query/lexicon.js';

/** A lexicon over a small vocabulary: the words the "documents" use, each in a few passages. */
function lexicon(words: string[]): Lexicon {
  const known = new Set(words);
  return {
    frequency: (w) => (known.has(w) ? 3 : 0),
    weight: (w) => (known.has(w) ? 4 : 8),
    readEnglish: () => ({ concepts: [{ english: 'Taiyuan', terms: ['太原'], name: true }], unresolved: [] }),
    englishSearch: (_question, reading) => reading.concepts.flatMap((c) => c.terms).join('、'),
  };
}
const LEX = lexicon(['凯赛', '生物', '合成', '产业园', '投资', '示范区', '综改', '太原', '大同', '专业镇', '省级', '贷款', '利息', '项目', '规划', '程序', '开发区', '审批']);

describe('analyse', () => {
  it('detects the script from the characters, not from phrases', () => {
    expect(analyse('审批程序是怎么简化的？', LEX).script).toBe('simplified');
    expect(analyse('審批程序是怎麼簡化的？', LEX).script).toBe('traditional');
    expect(analyse('How much was invested?', LEX).script).toBe('latin');
    expect(analyse('How much was invested?', LEX).language).toBe('en');
  });

  it('reads years and figures with units, Arabic and Chinese numerals', () => {
    const q = analyse('2023年综改示范区投资五千亿元还是500亿元？', LEX);
    expect(q.years).toEqual([2023]);
    expect(q.figures.map((f) => [f.value, f.unit])).toEqual([
      [5e11, '元'],
      [5e10, '元'],
    ]);
  });

  it('says what is asked, with the unit and the measured noun', () => {
    expect(analyse('凯赛的产业园一期投资多少亿元？', LEX).asked).toEqual({ kind: 'figure', unit: '元', measure: '投资' });
    expect(analyse('太原有几个省级专业镇？', LEX).asked).toMatchObject({ kind: 'figure', unit: '个' });
    // A change may be a rate or an amount: the measured noun (money) does not fix the unit.
    expect(analyse('工业增加值年均增长多少？', LEX).asked).toEqual({ kind: 'figure', measure: '增加值' });
    expect(analyse('工业增加值是多少？', LEX).asked).toEqual({ kind: 'figure', unit: '元', measure: '增加值' });
    expect(analyse('规划是哪一天印发的？', LEX).asked.kind).toBe('date');
    expect(analyse('项目是谁牵头的？', LEX).asked.kind).toBe('person');
    expect(analyse('保障措施有哪几条？', LEX).asked.kind).toBe('list');
    expect(analyse('为什么要简化审批？', LEX).asked.kind).toBe('reason');
    expect(analyse('"三化三制"具体指什么？', LEX).asked.kind).toBe('definition');
    expect(analyse('How much did Kaisai invest in phase one?', LEX).asked).toMatchObject({ kind: 'figure', unit: '元', measure: '投资' });
    // Counting investment projects is not asking for money.
    expect(analyse('How many investment projects did Shanxi sign?', LEX).asked).toEqual({ kind: 'figure' });
  });

  it('splits a two-part question and carries the subject into the part that has none', () => {
    const q = analyse('项目贷款借了多少钱？利息按多少算的？', LEX);
    expect(q.parts).toHaveLength(2);
    expect(q.parts[1]!.terms.map((t) => t.text)).toContain('贷款');
  });

  it('finds the question inside a long preamble and gives the preamble less weight', () => {
    const q = analyse('领导让我写个汇报材料，我们是做合成生物的，想确认一下凯赛的产业园一期投资到底是多少？', LEX);
    expect(q.parts).toHaveLength(1);
    const weight = (w: string) => q.terms.find((t) => t.text === w)?.weight ?? 0;
    expect(weight('投资')).toBeGreaterThan(weight('合成'));
    expect(q.terms.some((t) => t.text === '领导' || t.text === '到底')).toBe(false);
  });

  it('marks anchors: places, ordinals and years the evidence must name', () => {
    const q = analyse('大同2024年第二批省级专业镇有几个？', LEX);
    const anchors = q.terms.filter((t) => t.anchor).map((t) => t.text);
    expect(anchors).toEqual(expect.arrayContaining(['大同', '2024', '第二批']));
  });

  it('respells a typed name by sound against the documents\' words (凯塞 → 凯赛)', () => {
    const q = analyse('凯塞的合成生物产业园一期投资多少？', LEX);
    expect(q.terms.find((t) => t.text === '凯塞')?.alternatives).toContain('凯赛');
    expect(q.search).toContain('凯赛');
    // A place is never respelt into another place: 陕西 is not a typo for 山西.
    expect(analyse('陕西的专业镇有几个？', lexicon(['山西', '专业镇'])).terms.find((t) => t.text === '陕西')?.alternatives ?? []).toEqual([]);
  });

  it('reads a follow-up by what it says, not by its length', () => {
    const previous = { question: '太原有几个省级专业镇？' };
    const swap = analyse('那大同呢？', LEX, previous);
    expect(swap.followUp?.reason).toBe('continuation');
    expect(swap.standalone).toContain('大同');
    expect(swap.standalone).toContain('专业镇');
    expect(swap.standalone).not.toContain('太原');
    const pronoun = analyse('他们的产业园投资多少？', LEX, { question: '凯赛生物在示范区做什么？' });
    expect(pronoun.followUp?.reason).toBe('pronoun');
    expect(pronoun.standalone).toContain('凯赛');
    const english = analyse('What about Taiyuan?', LEX, { question: '大同有几个省级专业镇？' });
    expect(english.followUp?.reason).toBe('continuation');
    expect(english.standalone).toContain('太原');
    expect(english.standalone).toContain('专业镇');
    expect(english.standalone).not.toContain('大同');
    // Short, but a question of its own.
    expect(analyse('凯赛产业园投资多少？', LEX, previous).followUp).toBeUndefined();
  });
});

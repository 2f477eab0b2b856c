import { describe, expect, it } from 'vitest';
import { answerItems, type AnswerLike, type AnswererLike } from '../../src/eval/run.js';
import type { EvalItem } from '../../src/eval/sets.js';

const item = (id: string, question: string, conversation?: string): EvalItem => ({
  id,
  set: 't',
  lang: 'zh-Hans',
  type: 'fact',
  question,
  answerable: true,
  ...(conversation ? { conversation } : {}),
  gold: { kind: 'quotes', quotes: [{ doc: 'a.txt', quote: '太原' }], keywords: ['太原'] },
});

/** Answers with the question and the previous turn it was given, citing one passage about 太原. */
class RecordingAnswerer implements AnswererLike {
  calls: Array<{ question: string; previous?: { question: string; answer: string } }> = [];
  async answer(question: string, options: { previous?: { question: string; answer: string } } = {}): Promise<AnswerLike> {
    this.calls.push({ question, ...(options.previous ? { previous: options.previous } : {}) });
    const passage = { id: 'a.txt#0', docId: 'a.txt', text: '太原的项目。' };
    return { text: `答:${question}`, refused: question.includes('拒'), citations: [{ n: 1, passage }], hits: [{ passage }] };
  }
}

describe('answerItems', () => {
  it('passes the previous turn of the same conversation only, after one warm-up question', async () => {
    const answerer = new RecordingAnswerer();
    const rows = await answerItems(answerer, [item('1', '太原呢', 'c1'), item('2', '别的', 'c2'), item('3', '那拒绝呢', 'c1'), item('4', '单独')]);
    const [, ...calls] = answerer.calls; // the first call is the warm-up
    expect(calls.map((c) => c.previous?.question)).toEqual([undefined, undefined, '太原呢', undefined]);
    expect(calls[2]!.previous!.answer).toBe('答:太原呢');
    expect(rows.map((r) => r.result.outcome)).toEqual(['answer', 'answer', 'refused', 'answer']);
    expect(rows[0]!.result.rank).toBe(1);
  });
});

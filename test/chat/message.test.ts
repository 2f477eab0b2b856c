import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS, readMessage } from '../../src/chat/message.js';

const ARTICLE_SENTENCE = '山西省持续推进能源革命综合改革试点，加快构建清洁低碳、安全高效的现代能源体系。';

describe('reading a message before it is answered', () => {
  it('takes a short question whole, and a short text without a question word as a lookup', () => {
    expect(readMessage('  综改示范区今年的年度计划投资是多少？ ')).toEqual({ kind: 'question', question: '综改示范区今年的年度计划投资是多少？' });
    expect(readMessage('晋华炉')).toEqual({ kind: 'question', question: '晋华炉' });
    expect(readMessage(' \n ')).toEqual({ kind: 'empty' });
  });

  it('finds the question at the end of a long paste, without the background before it', () => {
    const paste = `${ARTICLE_SENTENCE.repeat(60)}\n中北高新区现在有多少家不锈钢加工企业？`;
    expect(paste.length).toBeGreaterThan(2000);
    expect(readMessage(paste)).toEqual({ kind: 'question', question: '中北高新区现在有多少家不锈钢加工企业？', excerpt: true });
  });

  it('keeps the sentence before a question that points back at it, but not page debris', () => {
    const lead = '世界500强企业有137家在晋投资兴业';
    const read = readMessage(`${ARTICLE_SENTENCE.repeat(10)}${lead}。这个数字是哪一年的？`);
    expect(read).toEqual({ kind: 'question', question: `${lead}。这个数字是哪一年的？`, excerpt: true });
    const debris = readMessage(`${ARTICLE_SENTENCE.repeat(10)}\n<img src="http://x/1.jpg" data-gif-url="http:\n这里说的世界500强企业有多少家在晋投资？`);
    expect(debris).toEqual({ kind: 'question', question: '这里说的世界500强企业有多少家在晋投资？', excerpt: true });
  });

  it('answers the question of the asker before or after a paste, not the rhetorical questions inside it', () => {
    const article = `${ARTICLE_SENTENCE.repeat(10)}那么，未来产业究竟如何定义？${ARTICLE_SENTENCE.repeat(10)}`;
    expect(readMessage(`${article}中北高新区有多少家不锈钢加工企业？`)).toEqual({ kind: 'question', question: '中北高新区有多少家不锈钢加工企业？', excerpt: true });
    expect(readMessage(`中北高新区有多少家不锈钢加工企业？\n${article}`)).toEqual({ kind: 'question', question: '中北高新区有多少家不锈钢加工企业？', excerpt: true });
    // A longer question that merely says "那份报告" names its own subject: nothing is added to it.
    const own = '那份分析山西新兴产业政策影响的研究报告，作者是谁？';
    expect(readMessage(`${ARTICLE_SENTENCE.repeat(10)}${own}`)).toEqual({ kind: 'question', question: own, excerpt: true });
  });

  it('keeps every question of a long message, in the script it was written in', () => {
    const read = readMessage(`${ARTICLE_SENTENCE.repeat(10)}塔山煤礦屬於哪個集團？我們正在寫報告。井下網絡覆蓋情況怎樣？`);
    expect(read).toEqual({ kind: 'question', question: '塔山煤礦屬於哪個集團？井下網絡覆蓋情況怎樣？', excerpt: true });
  });

  it('counts a request without a question word as asking', () => {
    expect(readMessage(`${ARTICLE_SENTENCE.repeat(4)}请介绍一下综改示范区的产业集群。`).kind).toBe('question');
    expect(readMessage(`${ARTICLE_SENTENCE.repeat(4)}我想了解综改示范区的产业集群。`).kind).toBe('question');
    expect(readMessage(`${'The province keeps expanding its solar capacity and coal mines. '.repeat(8)}Tell me about the Jinhua furnace.`).kind).toBe('question');
  });

  it('reports a pasted article that asks nothing, and a message over the limit', () => {
    expect(readMessage(ARTICLE_SENTENCE.repeat(5))).toEqual({ kind: 'noQuestion', length: ARTICLE_SENTENCE.length * 5 });
    expect(readMessage('The province keeps expanding its solar capacity and its coal mines go green. '.repeat(3)).kind).toBe('noQuestion');
    const huge = `${ARTICLE_SENTENCE.repeat(120)}投资多少？`;
    expect(huge.length).toBeGreaterThan(MAX_MESSAGE_CHARS);
    expect(readMessage(huge)).toEqual({ kind: 'tooLong', length: huge.length });
  });
});

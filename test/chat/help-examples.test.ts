import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Answerer } from '../../src/answer/pipeline.js';
import { exampleQuestions, questionFromSentence } from '../../src/chat/help-examples.js';
import { helpReply } from '../../src/chat/help.js';
import { replyText } from '../../src/chat/reply.js';
import { openTestIndex, removeDir, tempDir } from '../helpers.js';

describe('example questions for /help', () => {
  it('turns a sentence stating a figure into the question it answers, and leaves other sentences alone', () => {
    expect(questionFromSentence('中北高新区有50多家不锈钢加工企业，')).toBe('中北高新区有多少家不锈钢加工企业？');
    expect(questionFromSentence('这座电站每年发电量约8000万千瓦时。')).toBeUndefined(); // "this" station: no subject
    expect(questionFromSentence('山西省人民政府关于印发规划的通知。')).toBeUndefined();
    expect(questionFromSentence('2023年全省地区生产总值增长5%。')).toBeUndefined(); // the head holds another figure
  });

  describe('over an index', () => {
    let opened: Awaited<ReturnType<typeof openTestIndex>>;
    let noFigures: Awaited<ReturnType<typeof openTestIndex>>;
    let kb: string;
    beforeAll(async () => {
      opened = await openTestIndex();
      kb = await tempDir('kb-words');
      await mkdir(kb, { recursive: true });
      await writeFile(path.join(kb, 'a.md'), '# 总则\n\n推进转型发展，优化营商环境，支持民营经济。\n');
      noFigures = await openTestIndex(kb);
    }, 60_000);
    afterAll(async () => {
      opened.index.close();
      noFigures.index.close();
      await removeDir(opened.dataDir);
      await removeDir(noFigures.dataDir);
      await removeDir(kb);
    });

    it('finds questions in the documents that the answer path really answers', async () => {
      const examples = await exampleQuestions(opened.index);
      expect(examples.length).toBeGreaterThanOrEqual(2);
      const answerer = new Answerer({ index: () => opened.index, k: 10 });
      for (const q of examples) expect((await answerer.answer(q)).outcome).toBe('answer');
      expect(exampleQuestions(opened.index)).toBe(exampleQuestions(opened.index)); // found once per index state
    });

    it('shows none, rather than made-up ones, when the documents state no figures', async () => {
      expect(await exampleQuestions(noFigures.index)).toEqual([]);
      expect(replyText(helpReply('private', []))).not.toContain('可以这样问');
    });
  });
});

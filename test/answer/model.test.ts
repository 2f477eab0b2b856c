import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAIChatModel } from '../../src/answer/chat-model.js';
import { Answerer } from '../../src/answer/pipeline.js';
import { loadPrompts } from '../../src/answer/prompts.js';
import { compactForMatch } from '../../src/text/normalize.js';
import { startFakeOpenAI } from '../fake-openai.js';
import { openTestIndex, removeDir } from '../helpers.js';

describe('model mode against an OpenAI-compatible server on 127.0.0.1', async () => {
  const { index, dataDir } = await openTestIndex();
  const fake = await startFakeOpenAI();
  const prompts = await loadPrompts();
  const warnings: string[] = [];
  const answerer = (timeoutMs = 2000, maxRetries = 1) =>
    new Answerer({
      index: () => index,
      k: 5,
      model: { chat: new OpenAIChatModel({ baseURL: fake.baseURL, apiKey: 'sk-test', model: 'test-model', timeoutMs, maxRetries }), prompts },
      logger: { warn: (_d, m) => warnings.push(m) },
    });
  const question = '综改示范区今年的年度计划投资是多少？';
  beforeEach(() => {
    fake.requests.length = 0;
    warnings.length = 0;
  });
  afterAll(async () => {
    await fake.close();
    await removeDir(dataDir);
  });

  it('sends the numbered passages and the question, strips markers that point nowhere, renumbers the rest', async () => {
    const n = (await answerer().answer(question)).hits.findIndex((h) => h.passage.text.includes('232.2')) + 1;
    expect(n).toBeGreaterThan(0);
    fake.requests.length = 0;
    fake.script({ reply: `综改示范区年度计划投资232.2亿元[${n}][9]。总投资超1000亿元[${n}]。` });
    const a = await answerer().answer(question);
    const sent = fake.requests[0]!;
    expect(sent.model).toBe('test-model');
    expect(sent.messages[0]!.role).toBe('system');
    expect(sent.messages[0]!.content).toContain('NO_ANSWER');
    const user = sent.messages[1]!.content;
    expect(user).toContain(question);
    for (let n = 1; n <= a.hits.length; n++) expect(user).toContain(`[${n}] 《${a.hits[n - 1]!.document.meta.title}》`);
    expect(user).toContain(a.hits[n - 1]!.passage.text);

    expect(a.mode).toBe('model');
    expect(a.refused).toBe(false);
    expect(a.text).toBe('综改示范区年度计划投资232.2亿元[1]。总投资超1000亿元[1]。');
    expect(a.citations).toHaveLength(1);
    expect(a.citations[0]!.passage.id).toBe(a.hits[n - 1]!.passage.id);
  });

  it('streams drafts as the answer grows and ends with the full checked answer', async () => {
    const hits = (await answerer().answer(question)).hits; // learn which passage holds the figure
    const n = hits.findIndex((h) => h.passage.text.includes('232.2')) + 1;
    expect(n).toBeGreaterThan(0);
    fake.script({ reply: `年度计划投资232.2亿元[${n}]，谋划产业建设项目100多项[${n}]。` });
    const drafts: string[] = [];
    const a = await answerer().answer(question, { onDraft: (t) => drafts.push(t) });
    expect(fake.requests.at(-1)!.stream).toBe(true);
    expect(drafts.length).toBeGreaterThan(5);
    expect(drafts.at(-1)).toBe(a.text);
    expect(drafts.some((d) => d.length > 0 && d.length < a.text.length)).toBe(true);
    expect(a.text).toBe('年度计划投资232.2亿元[1]，谋划产业建设项目100多项[1]。');
    expect(a.citations[0]!.quoted.some((s) => s.includes('232.2'))).toBe(true);
  });

  it('falls back to the extractive answer with a notice when the model is too slow', async () => {
    fake.script({ reply: '太慢了[1]', delayMs: 1500 }, { reply: '太慢了[1]', delayMs: 1500 });
    const a = await answerer(300, 0).answer(question);
    expect(a.mode).toBe('extractive');
    expect(a.refused).toBe(false);
    expect(a.text).toContain('232.2亿元');
    expect(a.notices[0]).toMatch(/模型暂时不可用/);
    expect(warnings).toContain('model unavailable; answering offline');
  });

  it('retries a 500 and then falls back when the server keeps failing', async () => {
    fake.script({ status: 500 }, { status: 500 }, { status: 500 });
    const a = await answerer(2000, 2).answer(question);
    expect(fake.requests).toHaveLength(3);
    expect(a.mode).toBe('extractive');
    expect(a.text).toContain('232.2亿元');
  });

  it('waits out a 429 and uses the answer that follows', async () => {
    const n = (await answerer().answer(question)).hits.findIndex((h) => h.passage.text.includes('232.2')) + 1;
    fake.requests.length = 0;
    fake.script({ status: 429, retryAfter: 0 }, { reply: `年度计划投资232.2亿元[${n}]。` });
    const a = await answerer(2000, 2).answer(question);
    expect(fake.requests).toHaveLength(2);
    expect(a.mode).toBe('model');
    expect(a.text).toBe('年度计划投资232.2亿元[1]。');
  });

  it('turns the refusal token into an honest refusal in the asker\'s script', async () => {
    fake.script({ reply: 'NO_ANSWER' });
    const a = await answerer().answer('塔山煤礦去年的營業收入是多少？');
    expect(a.refused).toBe(true);
    expect(a.citations).toEqual([]);
    expect(a.text).toMatch(/資料中沒有找到/);
  });

  it('does not pass off an answer without valid markers, or with a figure the passages lack, as grounded', async () => {
    fake.script({ reply: '年度计划投资232.2亿元。' });
    const unmarked = await answerer().answer(question);
    expect(unmarked.mode).toBe('extractive');
    expect(unmarked.notices[0]).toMatch(/无法与出处核对/);

    fake.script({ reply: '年度计划投资999.9亿元[1]。' });
    const invented = await answerer().answer(question);
    expect(invented.mode).toBe('extractive');
    expect(compactForMatch(invented.text)).not.toContain('999.9');
  });

  it('rewrites a follow-up that points back with a pronoun with the condensation prompt and searches the rewrite', async () => {
    fake.script({ reply: '太原中北高新区现在有多少家不锈钢加工企业？' }, { reply: 'NO_ANSWER' });
    const a = await answerer().answer('他们那里的不锈钢加工企业有多少家？', { previous: { question: '太原中北高新区有哪些产业？', answer: '……' } });
    expect(fake.requests[0]!.messages[0]!.content).toContain('Standalone question');
    expect(fake.requests[0]!.messages[0]!.content).toContain('太原中北高新区有哪些产业？');
    expect(a.standalone).toBe('太原中北高新区现在有多少家不锈钢加工企业？');
    expect(fake.requests[1]!.messages[1]!.content).toContain('Question: 太原中北高新区现在有多少家不锈钢加工企业？');
  });
});

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Answerer } from '../../src/answer/pipeline.js';
import { retrieve } from '../../src/answer/retrieve.js';
import { analyse } from '../../src/query/analyse.js';
import { documentReferences } from '../../src/query/document-references.js';
import { lexiconOf } from '../../src/query/index-lexicon.js';
import { listPolicyDocuments, parseDocumentFilter } from '../../src/retrieval/policy-catalogue.js';
import { openTestIndex, removeDir, tempKnowledgeCopy } from '../helpers.js';

const NOTICE = [
  '山西省工业和信息化厅关于印发山西省制造业数字化转型行动方案的通知',
  '晋工信规〔2022〕5号',
  '各市工信局:',
  '现将《山西省制造业数字化转型行动方案》印发给你们，请认真贯彻执行。',
  '一、主要目标',
  '到2025年，全省规模以上工业企业关键工序数控化率达到60%，数字化研发设计工具普及率达到75%。',
  '二、保障措施',
  '各市要建立制造业数字化转型工作推进机制，加大财政资金支持力度。',
  '本方案自2022年3月1日起施行，有效期至2023年12月31日。',
  '山西省工业和信息化厅',
  '2022年2月10日',
].join('\n');

// A news report on the same subject, which names the department in its text but is not its document.
const NEWS = [
  '---',
  'title: 山西制造业数字化转型提速',
  'kind: news',
  'date: "2024-03-01"',
  'source: 山西日报',
  '---',
  '记者从省工信厅获悉，山西省制造业数字化转型行动方案实施以来，全省规模以上工业企业关键工序数控化率持续提升，数字化研发设计工具普及率稳步提高。',
].join('\n');

describe('documents named by number or issuer', async () => {
  const knowledgeDir = await tempKnowledgeCopy();
  await writeFile(path.join(knowledgeDir, 'notice.txt'), NOTICE);
  await writeFile(path.join(knowledgeDir, 'news.md'), NEWS);
  const { index, dataDir } = await openTestIndex(knowledgeDir);
  afterAll(async () => {
    index.close();
    await removeDir(knowledgeDir);
    await removeDir(dataDir);
  });
  const lexicon = lexiconOf(index);
  const top = async (q: string) => (await retrieve(index, analyse(q, lexicon), 5)).hits.map((h) => h.passage.docId);

  it('recognises a document number in any brackets or width, and 17号文', () => {
    const docs = [
      { id: 'a', docNumber: '晋政发〔2021〕17号', issuer: '山西省人民政府' },
      { id: 'b', docNumber: '晋工信规〔2022〕5号', issuer: '山西省工业和信息化厅' },
    ];
    for (const q of ['晋政发〔2021〕17号的目标', '晋政发[2021]17号的目标', '晋政发(2021)17号的目标', '晋政发【2021】17号的目标', '晋政发（２０２１）１７号的目标', '请问17号文的目标']) {
      expect(documentReferences(q, docs)?.ids, q).toEqual(['a']);
    }
    expect(documentReferences('晋政发〔2020〕17号的目标', docs)).toBeUndefined();
    expect(documentReferences('省工信厅的要求', docs)?.ids).toEqual(['b']);
    expect(documentReferences('山西省工业和信息化厅的要求', docs)?.ids).toEqual(['b']);
    expect(documentReferences('省政府的规划', docs)?.ids).toEqual(['a']);
    expect(documentReferences('省发改委的规划', docs)).toBeUndefined();
  });

  it('ranks the numbered document first for a question naming its number', async () => {
    for (const q of ['晋政发[2021]17号文件提出了哪些重点产业？', '17号文对光伏产业有什么部署？', '晋工信规【2022】5号的主要目标是什么？']) {
      const docs = await top(q);
      expect(docs[0], q).toBe(q.includes('5号') ? 'notice.txt' : '001_885c7d013a413188.txt');
    }
    // Without the number, the news report on the same subject competes: the number is what decides.
    const analysed = analyse('晋工信规【2022】5号的主要目标是什么？', lexicon);
    expect(analysed.documents?.ids).toEqual(['notice.txt']);
    expect(analysed.terms.map((t) => t.text).join(' ')).not.toMatch(/5号|晋工信规/);
  });

  it('ranks the documents of an issuer first for a question naming it, abbreviated or not', async () => {
    expect((await top('省工信厅对数控化率提出了什么目标？'))[0]).toBe('notice.txt');
    expect((await top('山西省工业和信息化厅对数控化率提出了什么目标？'))[0]).toBe('notice.txt');
    expect((await top('省政府印发的规划里光伏产业怎么发展？'))[0]).toBe('001_885c7d013a413188.txt');
  });

  it('answers a doc-number question from that document, citing its metadata', async () => {
    const answerer = new Answerer({ index: () => index, k: 5 });
    const answer = await answerer.answer('晋工信规〔2022〕5号提出关键工序数控化率要达到多少？');
    expect(answer.outcome).not.toBe('refused');
    expect(answer.citations[0]).toMatchObject({ file: 'notice.txt', docNumber: '晋工信规〔2022〕5号', issuer: '山西省工业和信息化厅' });
    expect(answer.text).toContain('60%');
  });

  it('lists documents with their metadata and status today', () => {
    const listed = listPolicyDocuments(index);
    const notice = listed.find((d) => d.id === 'notice.txt')!;
    expect(notice.meta).toMatchObject({ issuer: '山西省工业和信息化厅', docNumber: '晋工信规〔2022〕5号', date: '2022-02-10', validUntil: '2023-12-31' });
    expect(notice.status).toBe('expired');
    expect(listed.find((d) => d.id === '001_885c7d013a413188.txt')!.status).toBe('in-force');
  });

  it('restricts retrieval to the documents a filter lets through', async () => {
    const answerer = new Answerer({ index: () => index, k: 5 });
    const filter = (input: Parameters<typeof parseDocumentFilter>[0]) => {
      const parsed = parseDocumentFilter(input);
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.filter;
    };
    const q = '数字化转型的目标是什么？';
    const all = await answerer.answer(q);
    expect(new Set(all.hits.map((h) => h.passage.docId)).size).toBeGreaterThan(1);

    const byIssuer = await answerer.answer(q, { filter: filter({ issuer: '省工信厅' }) });
    expect(byIssuer.hits.length).toBeGreaterThan(0);
    expect(new Set(byIssuer.hits.map((h) => h.passage.docId))).toEqual(new Set(['notice.txt']));

    const since = await answerer.answer('山西新兴产业发展情况如何？', { filter: filter({ since: '2024-01-01' }) });
    expect(since.hits.length).toBeGreaterThan(0);
    for (const h of since.hits) expect(h.document.meta.date! >= '2024').toBe(true);

    const inForce = await answerer.answer('光伏产业怎么发展？', { filter: filter({ inForce: true }) });
    expect(inForce.hits.length).toBeGreaterThan(0);
    for (const h of inForce.hits) expect(h.passage.docId).toBe('001_885c7d013a413188.txt');

    expect(parseDocumentFilter({ since: '2021-13-01' }).ok).toBe(false);
    expect(parseDocumentFilter({ issuer: ' ' }).ok).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { judge } from '../../src/answer/judge.js';
import type { KnowledgeDocument, Passage } from '../../src/ingest/types.js';
import { analyse } from '../../src/query/analyse.js';
import type { Lexicon } from '../../src/query/lexicon.js';
import type { SearchHit } from '../../src/retrieval/query/search.js';

const PASSAGES = [
  '2023年,山西规模以上高技术制造业营业收入达1826.54亿元,较2018年增长40.70%。',
  '截至2021年6月,山西风电光伏装机规模达3384.5万千瓦,占总装机31.2%。',
  '晶科能源"年产56GW垂直一体化大基地"达产后年产值2000亿元。目前,该项目一期投入运营。泰山玻纤项目总投资70亿元,第一条生产线已具备点火条件。',
  '凯赛生物与示范区共建合成生物产业生态园,一期投资约450亿元。',
  '2020年,山西煤炭产量超过内蒙古,居全国第一。',
];

function hits(texts: string[]): SearchHit[] {
  return texts.map((text, i) => {
    const document = { id: `d${i}.txt`, meta: { title: `文件${i}`, kind: 'news' }, text, encoding: 'utf-8', hash: '' } as KnowledgeDocument;
    const passage: Passage = { id: `d${i}.txt#0`, docId: document.id, index: 0, section: [], text, start: 0, end: text.length };
    return { passage, document, score: 1, lexicalScore: 1, denseSimilarity: 0, matchedTerms: [] };
  });
}

const VOCABULARY = new Set(['山西', '高技术', '制造业', '营业', '收入', '营收', '风电', '光伏', '装机', '规模', '晶科', '能源', '基地', '投资', '项目', '泰山', '玻纤', '生产线', '投产', '点火', '凯赛', '生物', '示范区', '合成', '产业园', '生态园', '一期', '煤炭', '产量', '内蒙古', '退出', '试点']);
const LEX: Lexicon = { frequency: (w) => (VOCABULARY.has(w) ? 2 : 0), weight: (w) => (VOCABULARY.has(w) ? 3 : 8), readEnglish: () => ({ concepts: [], unresolved: [] }), englishSearch: (q) => q };
const outcome = (q: string) => judge(analyse(q, LEX), hits(PASSAGES)).outcome;

describe('the judge', () => {
  it('answers when a passage covers the question and holds the asked figure near its subject', () => {
    expect(outcome('2023年山西高技术制造业营收有多少？')).toBe('answer');
    expect(outcome('凯赛生物的合成生物产业园一期投资多少？')).toBe('answer');
  });

  it('takes a change asked as "增长多少" as either a rate or an amount of the measured noun', () => {
    // 营收 is money, but "较2018年增长多少" is answered by the rate 40.70%.
    expect(outcome('2023年山西高技术制造业营收较2018年增长多少？')).toBe('answer');
  });

  it('refuses a figure for another year', () => {
    expect(outcome('2024年山西高技术制造业营收有多少？')).toBe('refused');
  });

  it('refuses a figure for another phase or another place', () => {
    expect(outcome('凯赛生物的合成生物产业园二期投资多少？')).toBe('refused');
    expect(outcome('内蒙古2020年煤炭产量是多少亿吨？')).toBe('refused');
  });

  it('refuses when the project is named but not the asked figure or date', () => {
    expect(outcome('晶科能源56GW基地项目总投资是多少亿元？')).toBe('refused');
    expect(outcome('泰山玻纤项目第一条生产线是哪天点火投产的？')).toBe('refused');
  });

  it('refuses a false premise the documents never state', () => {
    expect(outcome('山西为什么在2019年退出了试点？')).toBe('refused');
  });

  it('answers the part the documents hold and names the part they do not', () => {
    const j = judge(analyse('凯赛生物的合成生物产业园一期投资多少？二期投资多少？', LEX), hits(PASSAGES));
    expect(j.outcome).toBe('partial');
    expect(j.parts.map((p) => p.supported)).toEqual([true, false]);
    expect(j.parts[1]!.missing).toContain('二期');
  });
});

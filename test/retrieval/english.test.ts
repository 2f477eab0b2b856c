import { afterAll, describe, expect, it, vi } from 'vitest';
import { Answerer } from '../../src/answer/pipeline.js';
import { LexicalIndex } from '../../src/retrieval/lexical-index.js';
import { lookupEnglish } from '../../src/retrieval/query/dictionary.js';
import { figuresInQuestion } from '../../src/retrieval/query/english-figures.js';
import { expandQuestion, readEnglish } from '../../src/retrieval/query/english-query.js';
import { baseForms, dictionaryKey } from '../../src/retrieval/query/english-words.js';
import { readEnglishQuestion } from '../../src/retrieval/query/glossary.js';
import { matchNames, nearSpellings, pinyinOf, syllabify } from '../../src/retrieval/query/pinyin-names.js';
import { retrieve } from '../../src/answer/retrieve.js';
import { analyse } from '../../src/query/analyse.js';
import { lexiconOf } from '../../src/query/index-lexicon.js';
import { openTestIndex, removeDir } from '../helpers.js';

/** The concepts of a reading as "english→term|term". */
const shown = (q: string, lexical: LexicalIndex) => readEnglish(q, lexical).concepts.map((c) => `${c.english.toLowerCase()}→${c.terms.join('|')}`);

describe('English questions over Chinese documents', async () => {
  const { index, dataDir } = await openTestIndex();
  afterAll(() => removeDir(dataDir));
  const answerer = new Answerer({ index: () => index, k: 5 });

  it('maps glossary phrases (longest first) and collects capitalised names', () => {
    const r = readEnglishQuestion("How much did Taiyuan's high-tech zone invest in new materials, says Wang Jian?");
    expect(r.matches.map((m) => m.english.toLowerCase())).toEqual(expect.arrayContaining(['high-tech zone', 'new materials', 'taiyuan']));
    expect(r.nameRuns).toEqual([['Wang', 'Jian']]);
    expect(pinyinOf('弘盛')).toBe('hongsheng');
  });

  it('looks English words and phrases up in CC-CEDICT, turned around', () => {
    expect(lookupEnglish('carbon fiber').map((e) => e.zh)).toContain('碳纤维');
    expect(lookupEnglish('investment')[0]).toMatchObject({ zh: '投资', sense: 0, name: false });
    expect(lookupEnglish('taiyuan').map((e) => e.zh)).toEqual(expect.arrayContaining(['太原', '太原市']));
    expect(lookupEnglish('taiyuan').every((e) => e.name)).toBe(true);
    // Descriptions inside a gloss are not keys: "shanxi" does not lead to every county in Shanxi.
    expect(lookupEnglish('shanxi').map((e) => e.zh)).not.toContain('五台');
    expect(lookupEnglish('no such gloss here')).toEqual([]);
    expect(dictionaryKey('To Invest')).toBe('invest');
    expect(dictionaryKey('Lüliang')).toBe('luliang');
    expect(baseForms('companies')).toContain('company');
    expect(baseForms('invested')).toContain('invest');
    expect(baseForms('built')).toContain('build');
  });

  it('keeps only renderings the documents use, stems plurals, and prefers the longest phrase', () => {
    const r = shown('Which firms make aerogel, limestone products and stainless steel, and where are the workstations?', index.lexical);
    expect(r).toEqual(expect.arrayContaining(['aerogel→气凝胶', 'stainless steel→不锈钢']));
    expect(r.find((c) => c.startsWith('limestone→'))).toMatch(/石灰石/);
    expect(r.find((c) => c.startsWith('workstations→'))).toMatch(/工作站/);
    // "stainless steel" is one concept, not "stainless" + "steel".
    expect(r.filter((c) => c.startsWith('steel'))).toEqual([]);
    // Every dictionary rendering occurs in the documents.
    for (const c of readEnglish('Which firms make aerogel and stainless steel?', index.lexical).concepts.filter((c) => c.source === 'dictionary')) {
      for (const t of c.terms) expect([...index.eachPassage()].some((p) => p.text.includes(t)), t).toBe(true);
    }
    // The documents say 合成生物, not the dictionary's 合成生物学; a glossary entry wins over CC-CEDICT.
    expect(shown('What about synthetic biology?', index.lexical)).toContain('synthetic biology→合成生物');
  });

  it('reads figures and units the way the documents write them', () => {
    const terms = (q: string) => figuresInQuestion(q).map((f) => f.terms);
    expect(terms('Is it 45 billion yuan?')).toEqual([['450亿元']]);
    expect(terms('a 10,000 kW plant')).toEqual([['1万千瓦']]);
    expect(terms('the 56 GW base')).toEqual([['5600万千瓦', '56GW']]);
    expect(terms('20 million yuan a year')).toEqual([['2000万元']]);
    expect(terms('capacity in GW')).toEqual([['GW', '千瓦', '万千瓦']]);
    expect(terms('600,000 tons of glass fibre')).toEqual([['60万吨']]);
    expect(terms('roughly 30 percent')).toEqual([['30%']]);
    expect(terms('no figures here, team')).toEqual([]);
  });

  it("resolves pinyin names to the documents' own words, and leaves unknown ones unresolved", () => {
    const r = readEnglish('Who visited Hongsheng Yitong and Xyzzy Corp?', index.lexical);
    const names = r.concepts.filter((c) => c.name).flatMap((c) => c.terms).join('');
    expect(names).toContain('弘盛');
    expect(r.unresolved).toEqual(expect.arrayContaining(['Xyzzy']));
    // A dictionary name the documents lack is unresolved too; an English word they lack is not.
    expect(readEnglish('How is the weather in Paris?', index.lexical).unresolved).toEqual(['Paris']);
    expect(readEnglish('How many roses does Zhenhua Horticulture grow?', index.lexical).unresolved).toEqual([]);
    // Lower-case pinyin and city names with ü written either way.
    expect(shown('what about taigang and lvliang, or luliang?', index.lexical)).toEqual(expect.arrayContaining(['taigang→太钢', 'lvliang→吕梁', 'luliang→吕梁']));
  });

  it('tolerates a misspelt name by one letter', () => {
    expect(syllabify('xian')).toEqual(expect.arrayContaining([['xian'], ['xi', 'an']]));
    expect(syllabify('xyzzy')).toEqual([]);
    expect(nearSpellings('hongshen')).toContain('hongsheng');
    for (const q of ['Who visited Hongshen Yitong?', 'Who visited Hongsheng Yitnog?']) {
      const names = readEnglish(q, index.lexical).concepts.filter((c) => c.name);
      expect(names.flatMap((c) => c.terms), q).toContain('弘盛益通');
    }
    expect(shown('Tell me about Zhengdaa in Houma', index.lexical)).toContain('zhengdaa→正大');
    // Without the typo allowance a misspelt name stays unmatched.
    expect(matchNames(index.lexical, ['Zhengdaa'], [false])).toEqual([]);
  });

  it('spells names per question from index look-ups, never from a pinyin table of the vocabulary', () => {
    // A fresh index (nothing cached) of a vocabulary far larger than what one name may touch.
    const filler = Array.from({ length: 3000 }, (_, i) => `第${i}号文件说明了${String.fromCodePoint(0x4e00 + ((i * 7) % 20000))}${String.fromCodePoint(0x4e00 + ((i * 13) % 20000))}的情况`);
    const lexical = LexicalIndex.build([...filler, '阳泉市弘盛益通环保科技公司的项目']);
    const vocabulary = vi.spyOn(lexical, 'vocabulary');
    let lookups = 0;
    const hasWord = lexical.hasWord.bind(lexical);
    const hasBigram = lexical.hasBigram.bind(lexical);
    vi.spyOn(lexical, 'hasWord').mockImplementation((w) => (lookups++, hasWord(w)));
    vi.spyOn(lexical, 'hasBigram').mockImplementation((b) => (lookups++, hasBigram(b)));
    const r = readEnglish('What did Hongsheng Yitong build in Yangquan?', lexical);
    expect(r.concepts.filter((c) => c.name).flatMap((c) => c.terms)).toContain('弘盛益通');
    expect(vocabulary).not.toHaveBeenCalled();
    expect(lookups).toBeLessThan(lexical.vocabularySize());
  });

  it('finds the Chinese passage for English questions and answers in Chinese with a note', async () => {
    const cases: Array<[string, string]> = [
      ['Which company does the Yangqu carbon fiber specialized town rely on?', '阳曲县碳纤维专业镇'],
      ['how many zhichuang cities have been finished?', '智创城'],
      ['What did the Stone Age new materials company in Lvliang turn limestone into?', '石灰石'],
      ['Annual electricity use of Qinhuai Data\'s base in Lingqiu?', '4.38亿千瓦时'],
      ["How much CO2 will Meijin's hydrogen project in Qingxu cut every year?", '26.4万吨二氧化碳'],
    ];
    for (const [q, expected] of cases) {
      const { hits } = await retrieve(index, analyse(q, lexiconOf(index)), 5);
      expect(hits.slice(0, 2).some((h) => h.passage.text.includes(expected)), q).toBe(true);
    }
    const a = await answerer.answer('Which company does the Yangqu carbon fiber specialized town rely on?');
    expect(a.refused).toBe(false);
    expect(a.text).toContain('山西钢科');
    expect(a.notices[0]).toMatch(/documents are in Chinese/);
  });

  it('searches the Chinese terms of an English question, and keeps a Chinese question whole', () => {
    const expanded = expandQuestion("What percentage of PM2.5 pollutants can Huayang's window screen filter?", index.lexical);
    expect(expanded).toContain('pm2.5');
    expect(expanded).toContain('华阳');
    expect(expanded).not.toMatch(/percentage|window/);
    const chinese = '山西的GDP是多少？';
    expect(expandQuestion(chinese, index.lexical).startsWith(chinese)).toBe(true);
    expect(expandQuestion('山西的新能源', index.lexical)).toBe('山西的新能源');
  });

  it('refuses English questions the documents do not answer', async () => {
    for (const q of ['How is the weather in Paris?', "What was Jinbo Biotech's revenue last year?", 'How much is the total investment of the Zhengda steel pipe project in billion yuan?']) {
      const a = await answerer.answer(q);
      expect(a.refused, q).toBe(true);
      expect(a.text).toMatch(/do not answer/);
    }
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { Answerer } from '../../src/answer/pipeline.js';
import { readEnglish } from '../../src/retrieval/query/english-query.js';
import { readEnglishQuestion } from '../../src/retrieval/query/glossary.js';
import { pinyinOf } from '../../src/retrieval/query/pinyin-names.js';
import { search } from '../../src/retrieval/query/search.js';
import { openTestIndex, removeDir } from '../helpers.js';

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

  it("resolves pinyin names to the documents' own words, and leaves unknown ones unresolved", () => {
    const r = readEnglish('Who visited Hongsheng Yitong and Xyzzy Corp?', index.lexical);
    const names = r.concepts.filter((c) => c.name).flatMap((c) => c.terms).join('');
    expect(names).toContain('弘盛');
    expect(r.unresolved).toEqual(expect.arrayContaining(['Xyzzy']));
  });

  it('finds the Chinese passage for an English question and answers it in Chinese with a note', async () => {
    const hits = (await search(index, 'Which company does the Yangqu carbon fiber specialized town rely on?')).hits;
    expect(hits[0]!.passage.text).toContain('阳曲县碳纤维专业镇');
    const a = await answerer.answer('Which company does the Yangqu carbon fiber specialized town rely on?');
    expect(a.refused).toBe(false);
    expect(a.text).toContain('山西钢科');
    expect(a.notices[0]).toMatch(/documents are in Chinese/);
  });

  it('refuses English questions the documents do not answer', async () => {
    for (const q of ['How is the weather in Paris?', "What was Jinbo Biotech's revenue last year?", 'How much is the total investment of the Zhengda steel pipe project in billion yuan?']) {
      const a = await answerer.answer(q);
      expect(a.refused, q).toBe(true);
      expect(a.text).toMatch(/do not answer/);
    }
  });
});

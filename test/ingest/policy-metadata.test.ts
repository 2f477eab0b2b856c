import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/document.js';
import { issuerAliases } from '../../src/ingest/issuer-names.js';
import { canonicalDocNumber, docNumberSerial, policyStatus } from '../../src/ingest/policy-metadata.js';

const meta = (name: string, text: string) => {
  const r = ingestFile(name, new TextEncoder().encode(text));
  if (!r.ok) throw new Error(r.reason);
  return r.document.meta;
};

const NOTICE = [
  '山西省工业和信息化厅关于印发山西省制造业数字化转型行动方案的通知',
  '晋工信规〔2022〕5号',
  '各市工信局:',
  '现将《山西省制造业数字化转型行动方案》印发给你们，请认真贯彻执行。本方案自2022年3月1日起施行，《山西省制造业数字化三年行动计划》同时废止。',
  '山西省工业和信息化厅',
  '2022年2月10日',
].join('\n');

describe('policy metadata from the text', () => {
  it('takes the issuer from the title, the date from the signature, the number, effective date and repeal from the text', () => {
    const m = meta('notice.txt', NOTICE);
    expect(m.issuer).toBe('山西省工业和信息化厅');
    expect(m.date).toBe('2022-02-10');
    expect(m.docNumber).toBe('晋工信规〔2022〕5号');
    expect(m.kind).toBe('plan');
    expect(m.effective).toBe('2022-03-01');
    expect(m.repeals).toEqual(['山西省制造业数字化三年行动计划']);
    expect(policyStatus(m, '2024-01-01')).toBe('in-force');
  });

  it('reads an attribute block (【制定机关】, 【时效性】) and a signature when the title names no issuer', () => {
    const m = meta('rules.txt', ['太原市促进低空经济发展若干措施', '∙【制定机关】太原市人民政府', '∙【时效性】已废止', '正文', '一、总则', '为促进低空经济发展，制定本措施。'].join('\n'));
    expect(m.issuer).toBe('太原市人民政府');
    expect(m.status).toBe('superseded');
    expect(m.statusFrom).toBe('text');
    const signed = meta('signed.txt', ['大同市氢能产业扶持办法', '第一条 为支持氢能产业发展，制定本办法。', '大同市发展和改革委员会', '2023年6月1日'].join('\n'));
    expect(signed.issuer).toBe('大同市发展和改革委员会');
    expect(signed.date).toBe('2023-06-01');
  });

  it('lets front matter win over the text', () => {
    const m = meta('fm.md', `---\ntitle: 某方案\nissuer: 山西省人民政府办公厅\nstatus: expired\ndate: 2020-01-02\n---\n${NOTICE}`);
    expect(m.issuer).toBe('山西省人民政府办公厅');
    expect(m.date).toBe('2020-01-02');
    expect(m.status).toBe('expired');
    expect(m.statusFrom).toBe('front matter');
    // An explicit status is not overruled by the text's 施行 (which alone would mean in force).
    expect(policyStatus(m, '2024-01-01')).toBe('expired');
  });

  it('expires a document after its 有效期, not before', () => {
    const m = meta('t.txt', '山西省人民政府关于支持光伏产业的若干意见\n一、本意见有效期至2025年12月31日，自印发之日起施行。');
    expect(m.validUntil).toBe('2025-12-31');
    expect(policyStatus(m, '2025-06-01')).toBe('in-force');
    expect(policyStatus(m, '2026-01-01')).toBe('expired');
  });

  it('gives news no issuer and no document number of the documents it mentions', () => {
    const m = meta('news.txt', '[ 2023-07-28 16：40 ] ，正文：日前，山西省人民政府印发晋政发〔2023〕9号文件，部署光伏产业发展。\n山西省人民政府\n2023年7月1日');
    expect(m.kind).toBe('news');
    expect(m.issuer).toBeUndefined();
    expect(m.docNumber).toBeUndefined();
  });

  it('the real policy file keeps its front matter fields and is in force by its 时效性', () => {
    // knowledge/001 states 【时效性】现行有效; its front matter has no status.
    const m = meta('001.txt', '---\nissuer: 山西省人民政府\ndocNumber: 晋政发〔2021〕17号\n---\n∙【时效性】现行有效\n正文\n现将规划印发给你们。');
    expect(m).toMatchObject({ issuer: '山西省人民政府', docNumber: '晋政发〔2021〕17号', status: 'in-force' });
  });
});

describe('document numbers and issuer names', () => {
  it('spells a number one way whatever brackets or width it was typed with', () => {
    const forms = ['晋政发〔2021〕17号', '晋政发[2021]17号', '晋政发(2021)17号', '晋政发【2021】17号', '晋政发（２０２１）１７号', '晋政发 ［2021］ 17 号'];
    expect(new Set(forms.map(canonicalDocNumber))).toEqual(new Set(['晋政发〔2021〕17号']));
    expect(docNumberSerial('晋政发【2021】17号')).toBe(17);
  });

  it('knows the abbreviations people use for issuers', () => {
    expect(issuerAliases('山西省工业和信息化厅')).toEqual(expect.arrayContaining(['省工信厅', '山西省工信厅', '工信厅', '省工业和信息化厅']));
    expect(issuerAliases('山西省人民政府')).toEqual(expect.arrayContaining(['省政府', '山西省政府', '省人民政府']));
    // A bare "人民政府" is anybody's government.
    expect(issuerAliases('山西省人民政府')).not.toContain('人民政府');
  });
});

describe('front matter status that cannot be read', () => {
  it('is reported as a warning and the text decides', () => {
    const r = ingestFile('x.md', new TextEncoder().encode('---\ntitle: 某办法\nstatus: maybe\n---\n∙【时效性】现行有效\n一、总则\n为规范管理，制定本办法。'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.warnings.join('\n')).toMatch(/status "maybe" not understood/);
    expect(r.document.meta).toMatchObject({ status: 'in-force', statusFrom: 'text' });
  });
});

describe('status across the knowledge base', () => {
  it('a document another one repeals (《…》同时废止) is superseded, unless its front matter says otherwise', async () => {
    const { catalogue } = await import('../../src/retrieval/policy-catalogue.js');
    const old = meta('old.txt', '山西省人民政府关于印发山西省制造业数字化三年行动计划的通知\n现将行动计划印发给你们。本计划自2019年1月1日起施行。');
    const replacing = meta('new.txt', NOTICE);
    const listed = catalogue([
      { id: 'old.txt', meta: old },
      { id: 'new.txt', meta: replacing },
    ], '2024-01-01');
    expect(listed.find((d) => d.id === 'old.txt')).toMatchObject({ status: 'superseded', repealedBy: 'new.txt' });
    expect(listed.find((d) => d.id === 'new.txt')!.status).toBe('in-force');
    const declared = catalogue([{ id: 'old.txt', meta: { ...old, status: 'in-force', statusFrom: 'front matter' } }, { id: 'new.txt', meta: replacing }], '2024-01-01');
    expect(declared[0]!.status).toBe('in-force');
  });
});

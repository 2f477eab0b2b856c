import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeKnowledgeBytes } from '../../src/ingest/decode.js';
import { ingestFile } from '../../src/ingest/document.js';

const TEXT = '一、总体要求\n山西省人民政府关于支持转型综改示范区高质量发展的若干措施，自发布之日起施行。示范区年度计划投资232.2亿元。';

describe('decoding knowledge files', () => {
  it('decodes a GBK-encoded file', () => {
    const result = decodeKnowledgeBytes(iconv.encode(TEXT, 'gbk'));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.text).toBe(TEXT);
      expect(result.encoding).toMatch(/^GB/);
    }
  });

  it('reads UTF-8 with a BOM', () => {
    const result = decodeKnowledgeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]));
    expect(result).toMatchObject({ ok: true, encoding: 'UTF-8' });
  });

  it('rejects empty and whitespace-only files with a reason', () => {
    expect(decodeKnowledgeBytes(new Uint8Array())).toEqual({ ok: false, reason: 'empty file' });
    expect(decodeKnowledgeBytes(Buffer.from(' \n\t\n'))).toMatchObject({ ok: false, reason: expect.stringContaining('empty') });
  });

  it('rejects binary files', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(decodeKnowledgeBytes(png)).toMatchObject({ ok: false, reason: expect.stringContaining('binary') });
  });

  it('ingests a GBK file into passages and says it was decoded', () => {
    const result = ingestFile('gbk.txt', iconv.encode(TEXT, 'gb18030'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.passages[0]!.text).toContain('232.2亿元');
    expect(result.passages[0]!.section).toEqual(['一、总体要求']);
    expect(result.warnings.join()).toMatch(/decoded as GB/);
  });
});

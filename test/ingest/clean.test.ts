import { describe, expect, it } from 'vitest';
import { cleanLines, isFurniture } from '../../src/ingest/clean.js';
import { htmlToLines } from '../../src/ingest/html.js';
import { normalizeForIndex, removeCjkSpaces } from '../../src/text/normalize.js';

describe('OCR spaces', () => {
  it('removes spaces inside Chinese sentences and next to numbers, keeps them between Latin words', () => {
    expect(removeCjkSpaces('要紧紧 扭住科技创新这个"牛鼻子"。今年以 来')).toBe('要紧紧扭住科技创新这个"牛鼻子"。今年以来');
    expect(removeCjkSpaces('世界 500 强企业有 137 家在晋投资兴业')).toBe('世界500强企业有137家在晋投资兴业');
    expect(removeCjkSpaces('Notice: The content above 5G network')).toBe('Notice: The content above 5G network');
  });

  it('rejoins sentences broken across lines by OCR, but not headings', () => {
    const lines = [
      '体量巨大的南引擎',
      '',
      '按照"核心先行、辐射带动、全面推进"的路',
      '',
      '径,太原将大盂产业新城作为启动区先行开发 建设。',
      '在小店区数字经济专业镇,数商大厦内的山西(太',
      '原)数字经济场景创新中心将众多产品进行了展示。',
    ];
    expect(cleanLines(lines)).toEqual([
      '体量巨大的南引擎',
      '按照"核心先行、辐射带动、全面推进"的路径,太原将大盂产业新城作为启动区先行开发建设。',
      '在小店区数字经济专业镇,数商大厦内的山西(太原)数字经济场景创新中心将众多产品进行了展示。',
    ]);
  });
});

describe('page furniture', () => {
  it.each([
    '![]()',
    '长按上图，关注【瞭望微信】',
    '发布评论',
    '特別聲明:以上內容(如有圖片或視頻亦包括在內)為自媒體平臺“網易號”用戶上傳并發布,本平台僅提供信息存儲服務。',
    'Notice: The content above (including the pictures and videos if any) is uploaded and posted by a user of NetEase Hao, which is a social media platform and only provides information storage services.',
    '▲ 山西省太原市汾河景观（2020 年 5 月 14 日摄） 曹阳摄',
    '山西综改示范区 武跃刚 摄',
    '(下转A2版)',
  ])('drops %s', (line) => {
    expect(isFurniture(line)).toBe(true);
  });

  it('keeps content and the author line', () => {
    expect(isFurniture('作者:鄉村振興戰略研究院副院長 曹雷')).toBe(false);
    expect(isFurniture('这里是山西。')).toBe(false);
  });
});

describe('HTML', () => {
  it('extracts block text with a parser, decoding entities and dropping images and scripts', () => {
    const { title, lines } = htmlToLines(
      '<html><head><title>测试&amp;标题</title><script>var x = "<p>no</p>";</script></head><body>' +
        '<div><img src="a.jpg"><p><strong>传统产业“三化”转型</strong></p><p>第一段&lt;数据&gt;，共 3 条。</p>' +
        '<p>作为全国首个能源革</strong><strong>命综合改革试点。</p></div></body></html>',
    );
    expect(title).toBe('测试&标题');
    expect(lines).toEqual(['传统产业“三化”转型', '第一段<数据>，共 3 条。', '作为全国首个能源革命综合改革试点。']);
  });
});

describe('index normalisation', () => {
  it('folds Traditional to Simplified and unifies widths, so both scripts meet', () => {
    expect(normalizeForIndex('轉型綜改示範區，累計培育市場主體５.９萬戶')).toBe(normalizeForIndex('转型综改示范区,累计培育市场主体5.9万户'));
  });
});

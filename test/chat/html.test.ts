import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlToText, splitHtml } from '../../src/chat/html.js';
import { highlight } from '../../src/chat/replies.js';
import { blockHtml } from '../../src/chat/render-html.js';

describe('Telegram HTML', () => {
  it('escapes user and document text, and reads back as the original', () => {
    const raw = '<b>&amp; "引号" 5<6>';
    expect(escapeHtml(raw)).toBe('&lt;b&gt;&amp;amp; "引号" 5&lt;6&gt;');
    expect(htmlToText(escapeHtml(raw))).toBe(raw);
  });

  it('puts quoted sentences in bold and escapes around them', () => {
    expect(blockHtml(highlight('甲<乙。丙&丁。', ['丙&丁。']))).toBe('甲&lt;乙。<b>丙&amp;丁。</b>');
  });

  it('keeps a short reply whole', () => {
    expect(splitHtml('<b>标题</b>\n\n正文')).toEqual(['<b>标题</b>\n\n正文']);
  });

  it('splits at paragraph boundaries with every part within the limit', () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `第${i}段：${'政策'.repeat(80)}`);
    const parts = splitHtml(paragraphs.join('\n\n'), 1000);
    expect(parts.length).toBeGreaterThan(4);
    for (const p of parts) {
      expect(htmlToText(p).length).toBeLessThanOrEqual(1000);
      expect(p.startsWith('第')).toBe(true); // a cut falls between paragraphs, not inside one
    }
    expect(parts.join('\n\n')).toBe(paragraphs.join('\n\n'));
  });

  it('never cuts inside a tag or an entity, closing and reopening tags across parts', () => {
    const html = `<b>${'很长的加粗句子，'.repeat(300)}</b>&amp;结尾`;
    const parts = splitHtml(html, 500);
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) {
      expect(htmlToText(p).length).toBeLessThanOrEqual(500);
      expect((p.match(/<b>/g) ?? []).length).toBe((p.match(/<\/b>/g) ?? []).length);
      expect(p).not.toMatch(/&[a-z]*$|<[^>]*$/);
    }
    expect(htmlToText(parts.join(''))).toBe(htmlToText(html));
  });

  it('splits one unbroken run of text too', () => {
    const parts = splitHtml('字'.repeat(9000));
    expect(parts.map((p) => p.length)).toEqual([4032, 4032, 936]);
  });
});

import { describe, expect, it } from 'vitest';
import { splitHtml } from '../../src/chat/html.js';
import { capAnswerText, MAX_ANSWER_CHARS, passageReply } from '../../src/chat/replies.js';
import { toHtml } from '../../src/chat/render-html.js';
import { cutText, firstGraphemes, graphemeBoundaryAtOrBefore } from '../../src/chat/text-cut.js';

const LONE_SURROGATE = /\p{Cs}/u;
const FAMILY = '👨‍👩‍👧‍👦'; // one grapheme, 11 code units

describe('cutting text on grapheme boundaries', () => {
  it('never cuts inside a surrogate pair or a ZWJ sequence', () => {
    const text = `a${'😀'.repeat(5)}${FAMILY}b`;
    for (let n = 0; n <= text.length; n++) {
      const cut = cutText(text, n);
      expect(cut).not.toMatch(LONE_SURROGATE);
      expect(text.startsWith(cut)).toBe(true);
      expect(cut.length).toBeLessThanOrEqual(n);
      expect(cut.endsWith('\u200d')).toBe(false);
    }
    expect(graphemeBoundaryAtOrBefore(text, 12)).toBe(11); // inside the family: back to its start
  });

  it('counts graphemes, not code units, for the question limit', () => {
    expect(firstGraphemes(`${FAMILY}${FAMILY}abc`, 2)).toBe(`${FAMILY}${FAMILY}`);
    expect(firstGraphemes('短', 5)).toBe('短');
  });

  it('splits a long passage of emoji (as /source shows it) into well-formed messages', () => {
    const text = '🌾'.repeat(3001) + FAMILY.repeat(300);
    const html = toHtml(passageReply(1, { n: 1, passageId: 'd#0', docId: 'd', index: 0, title: 't', section: [], text, start: 0, end: text.length, quoted: [] }, { text, section: [], start: 0, end: text.length, index: 0 }, 0, { previous: false, next: false }));
    const parts = splitHtml(html);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p).not.toMatch(LONE_SURROGATE);
      expect(p.length).toBeLessThanOrEqual(4096);
    }
    expect(parts.join('').replace(/\s/g, '')).toContain('🌾'.repeat(100));
  });

  it('caps an answer at a sentence end with a truncation note', () => {
    const answer = '综改示范区今年年度计划投资232.2亿元[1]。'.repeat(500);
    const capped = capAnswerText(answer);
    expect(capped.length).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
    expect(capped).toMatch(/。\n（回答过长，以下省略 truncated）$/);
    expect(capAnswerText('短回答。')).toBe('短回答。');
  });
});

import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/chat/html.js';
import { toHtml } from '../../src/chat/render-html.js';
import { toText } from '../../src/chat/render-text.js';
import { answerReply } from '../../src/chat/replies.js';
import { bold, code, italic, plain, type Reply } from '../../src/chat/reply.js';
import type { Answer } from '../../src/answer/types.js';
import type { StoredAnswer } from '../../src/bot/chat-store.js';

describe('one reply model, two renderings', () => {
  const reply: Reply = {
    blocks: [[bold('标题 <b>'), plain(' & 正文')], [italic('注意'), plain('\n'), code('doc.txt')]],
    buttons: [[{ text: '[1]', data: 'src:7:1' }]],
  };

  it('renders Telegram HTML with every text escaped and styles as tags', () => {
    expect(toHtml(reply)).toBe('<b>标题 &lt;b&gt;</b> &amp; 正文\n\n<i>注意</i>\n<code>doc.txt</code>');
  });

  it('renders the same words as terminal text, with the command the source buttons stand for', () => {
    expect(toText(reply)).toBe('标题 <b> & 正文\n\n注意\ndoc.txt\n\n(/source N 查看原文 · shows passage N)');
    expect(toText(reply).startsWith(htmlToText(toHtml(reply)))).toBe(true);
    expect(toText({ blocks: [[plain('无按钮')]] })).toBe('无按钮');
  });

  it('puts the source buttons and then the vote buttons under an answer', () => {
    const answer: Answer = { text: '答案[1]', citations: [], outcome: 'answer', refused: false, mode: 'extractive', notices: ['提示'] };
    const stored: StoredAnswer = {
      id: 42, chatId: 1, question: 'q', answer: '答案[1]', refused: false, createdAt: 0,
      citations: [{ n: 1, passageId: 'd#0', docId: 'd', index: 0, title: '文件', section: ['一、总则'], text: 't', start: 0, end: 1, quoted: [] }],
    };
    const withVotes = answerReply(answer, stored, { vote: true });
    expect(withVotes.buttons).toEqual([[{ text: '[1]', data: 'src:42:1' }], [{ text: '👍', data: 'fb:42:up' }, { text: '👎', data: 'fb:42:down' }]]);
    expect(toHtml(withVotes)).toBe('<i>提示</i>\n\n答案[1]\n\n<b>出处 Sources</b>\n[1] 《文件》 · 一、总则');
    expect(answerReply(answer, stored).buttons).toHaveLength(1);
  });
});

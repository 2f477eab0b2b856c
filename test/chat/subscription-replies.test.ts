import { describe, expect, it } from 'vitest';
import { DIGEST_LINES, digestReply, subscribedReply, subscriptionListReply } from '../../src/chat/subscription-replies.js';
import { DEFAULT_SCHEDULE } from '../../src/chat/subscription-schedule.js';
import type { Subscription } from '../../src/chat/subscription-store.js';
import { toHtml } from '../../src/chat/render-html.js';
import type { Reply } from '../../src/chat/reply.js';

const sub = (topic: string, extra: Partial<Subscription> = {}): Subscription => ({
  id: 1, chatId: -1, topic, cadence: 'weekly', createdAt: 0, lastSlot: 0, seenSeq: 0, ...extra,
});
const MONDAY_9 = Date.parse('2026-12-07T01:00:00Z');
/** The Telegram HTML of a reply. */
const html = (reply: Reply) => toHtml(reply);

describe('subscription replies', () => {
  it('answers in Traditional to a Traditional topic, the topic itself as written', () => {
    const text = html(subscribedReply(sub('氫能產業'), true, MONDAY_9, DEFAULT_SCHEDULE, 'traditional'));
    expect(text).toBe('已訂閱「氫能產業」的每週簡報（每週一 09:00，北京時間），下次發送：12月7日（週一）09:00。知識庫更新後也會在這裡列出新增和更新的文件。');
    expect(html(subscribedReply(sub('氢能'), true, MONDAY_9, DEFAULT_SCHEDULE, 'traditional'))).toMatch(/^已訂閱「氢能」的/); // the topic is not converted
    expect(html(subscribedReply(sub('新材料'), true, MONDAY_9, DEFAULT_SCHEDULE, 'simplified'))).toMatch(/^已订阅「新材料」的每周简报/);
  });

  it('escapes topics and titles, and summarises a long digest', () => {
    const added = Array.from({ length: DIGEST_LINES + 5 }, (_, i) => ({ id: `n${i}.txt`, hash: 'h', title: `文件<${i}>` }));
    const digest = html(digestReply({ chatId: -1, topics: ['a&b'], added, changed: [] }, 'simplified'));
    expect(digest).toContain('本群订阅：「a&amp;b」');
    expect(digest).toContain('• 《文件&lt;0&gt;》 · <code>n0.txt</code>');
    expect(digest).not.toContain('n10.txt');
    expect(digest).toContain(`新增文件（${DIGEST_LINES + 5}）：`);
    expect(digest).toContain('……另有 5 份');
  });

  it('lists disabled subscriptions with the reason', () => {
    const list = html(subscriptionListReply([sub('新材料', { disabled: { at: 0, reason: 'Forbidden: bot was kicked' } })], () => MONDAY_9, DEFAULT_SCHEDULE));
    expect(list).toContain('• 「新材料」 — 每周（每周一 09:00），已停用（Forbidden: bot was kicked）');
  });
});

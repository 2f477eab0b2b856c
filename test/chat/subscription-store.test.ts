import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestSlot } from '../../src/chat/subscription-schedule.js';
import { SubscriptionStore, type CatalogueDocument } from '../../src/chat/subscription-store.js';
import { removeDir, tempDir } from '../helpers.js';

const GROUP = -100123;
const NOW = Date.parse('2026-12-02T08:00:00Z');
const doc = (id: string, hash = `h-${id}`): CatalogueDocument => ({ id, hash, title: `标题${id}`, date: '2024' });

describe('SubscriptionStore', () => {
  let dir: string;
  let store: SubscriptionStore;
  const reopen = () => {
    store.close();
    store = new SubscriptionStore(dir);
  };
  const subscribe = (topic: string, cadence: 'daily' | 'weekly' = 'daily', chatId = GROUP) =>
    store.subscribe({ chatId, topic, cadence, userId: 7, now: NOW, lastSlot: latestSlot(cadence, NOW) });

  beforeEach(async () => {
    dir = await tempDir('subs');
    store = new SubscriptionStore(dir);
  });
  afterEach(async () => {
    store.close();
    await removeDir(dir);
  });

  it('keeps subscriptions across a restart', () => {
    subscribe('新材料', 'weekly');
    subscribe('氢能');
    reopen();
    expect(store.list(GROUP).map((s) => [s.topic, s.cadence])).toEqual([
      ['新材料', 'weekly'],
      ['氢能', 'daily'],
    ]);
  });

  it('treats a topic in the other script as the same subscription, and updates its cadence', () => {
    expect(subscribe('氢能').created).toBe(true);
    const again = subscribe('氫能', 'weekly');
    expect(again.created).toBe(false);
    expect(store.list(GROUP)).toHaveLength(1);
    expect(store.list(GROUP)[0]!.cadence).toBe('weekly');
  });

  it('claims a slot once: a second claim, also after a restart, is refused', () => {
    const { subscription } = subscribe('新材料');
    const slot = subscription.lastSlot + 86_400_000;
    expect(store.claimSlot(subscription.id, slot)).toBe(true);
    expect(store.claimSlot(subscription.id, slot)).toBe(false);
    reopen();
    expect(store.claimSlot(subscription.id, slot)).toBe(false);
    expect(store.byId(subscription.id)!.lastSlot).toBe(slot);
    expect(store.claimSlot(subscription.id, slot - 86_400_000)).toBe(false); // an older slot neither
    expect(store.claimSlot(subscription.id, slot + 86_400_000)).toBe(true);
  });

  it('claims across two stores on the same file (another process) only once', () => {
    const { subscription } = subscribe('新材料');
    const other = new SubscriptionStore(dir);
    const slot = subscription.lastSlot + 86_400_000;
    const results = [store.claimSlot(subscription.id, slot), other.claimSlot(subscription.id, slot)];
    other.close();
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('unsubscribes one topic or all', () => {
    subscribe('新材料');
    subscribe('氢能');
    subscribe('光伏', 'daily', -200);
    expect(store.unsubscribe(GROUP, '新材料')).toEqual(['新材料']);
    expect(store.unsubscribe(GROUP, '煤炭')).toEqual([]);
    expect(store.unsubscribe(GROUP)).toEqual(['氢能']);
    expect(store.list(GROUP)).toEqual([]);
    expect(store.list(-200)).toHaveLength(1);
  });

  it('disables a chat: its slots are no longer claimed; subscribing again re-enables it', () => {
    const { subscription } = subscribe('新材料');
    expect(store.disableChat(GROUP, 'Forbidden: bot was kicked from the supergroup chat', NOW)).toBe(1);
    expect(store.active()).toEqual([]);
    expect(store.list(GROUP)[0]!.disabled?.reason).toMatch(/kicked/);
    expect(store.claimSlot(subscription.id, subscription.lastSlot + 86_400_000)).toBe(false);
    subscribe('新材料');
    expect(store.active()).toHaveLength(1);
  });

  describe('catalogue and digests', () => {
    it('the first sync is a baseline: nothing is new to anyone', () => {
      subscribe('新材料');
      const first = store.syncCatalogue([doc('a.txt'), doc('b.txt')]);
      expect(first).toEqual({ seq: 1, added: 2, changed: 0, removed: 0 });
      expect(store.chatsBehind()).toEqual([]);
      expect(store.claimDigest(GROUP)).toBeUndefined();
    });

    it('reports added and changed documents once, also after a restart', () => {
      store.syncCatalogue([doc('a.txt'), doc('b.txt')]);
      subscribe('新材料');
      expect(store.syncCatalogue([doc('a.txt'), doc('b.txt')])).toMatchObject({ seq: 1, added: 0, changed: 0 }); // nothing changed: same state
      store.syncCatalogue([doc('a.txt', 'h-a2'), doc('b.txt'), doc('c.txt')]);
      expect(store.chatsBehind()).toEqual([GROUP]);
      const digest = store.claimDigest(GROUP)!;
      expect(digest.added.map((d) => d.id)).toEqual(['c.txt']);
      expect(digest.changed.map((d) => d.id)).toEqual(['a.txt']);
      expect(digest.topics).toEqual(['新材料']);
      reopen();
      expect(store.chatsBehind()).toEqual([]);
      expect(store.claimDigest(GROUP)).toBeUndefined();
    });

    it('a document added and then changed before the chat heard of it is new, not changed', () => {
      store.syncCatalogue([doc('a.txt')]);
      subscribe('新材料');
      store.syncCatalogue([doc('a.txt'), doc('n.txt')]);
      store.syncCatalogue([doc('a.txt'), doc('n.txt', 'h-n2')]);
      const digest = store.claimDigest(GROUP)!;
      expect(digest.added.map((d) => d.id)).toEqual(['n.txt']);
      expect(digest.changed).toEqual([]);
    });

    it('a subscription made after a change does not hear of it; one chat gets one digest for all its topics', () => {
      store.syncCatalogue([doc('a.txt')]);
      subscribe('新材料');
      store.syncCatalogue([doc('a.txt'), doc('b.txt')]);
      subscribe('氢能');
      store.syncCatalogue([doc('a.txt'), doc('b.txt'), doc('c.txt')]);
      const digest = store.claimDigest(GROUP)!;
      expect(digest.topics).toEqual(['新材料', '氢能']);
      expect(digest.added.map((d) => d.id)).toEqual(['b.txt', 'c.txt']);
      expect(store.claimDigest(GROUP)).toBeUndefined();
    });

    it('a better title for an unchanged file is not news, but later digests use it', () => {
      store.syncCatalogue([doc('a.txt'), doc('b.txt')]);
      subscribe('新材料');
      expect(store.syncCatalogue([{ ...doc('a.txt'), title: '更好的标题' }, doc('b.txt')])).toMatchObject({ seq: 1, added: 0, changed: 0 });
      expect(store.claimDigest(GROUP)).toBeUndefined();
      store.syncCatalogue([{ ...doc('a.txt', 'h-a2'), title: '更好的标题' }, doc('b.txt')]);
      expect(store.claimDigest(GROUP)!.changed.map((d) => d.title)).toEqual(['更好的标题']);
    });

    it('removed documents leave the catalogue, and come back as new', () => {
      store.syncCatalogue([doc('a.txt'), doc('b.txt')]);
      subscribe('新材料');
      expect(store.syncCatalogue([doc('a.txt')])).toMatchObject({ removed: 1 });
      expect(store.claimDigest(GROUP)).toBeUndefined(); // nothing added or changed
      store.syncCatalogue([doc('a.txt'), doc('b.txt')]);
      expect(store.claimDigest(GROUP)!.added.map((d) => d.id)).toEqual(['b.txt']);
    });
  });
});

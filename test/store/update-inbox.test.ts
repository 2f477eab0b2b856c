/**
 * The shared inbox on a real PostgreSQL, two inboxes standing in for two instances: every update
 * handled once, a chat's updates one at a time in update_id order wherever they arrive, a
 * redelivered update stored once, and the updates of an instance that died (leases not renewed)
 * taken over by the other.
 */
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres, type Pool } from '../../src/store/postgres.js';
import { chatKeyOf, UpdateInbox } from '../../src/store/update-inbox.js';
import { freshDatabase, postgresAvailable } from './pg-test.js';

const message = (updateId: number, chatId: number): Update =>
  ({ update_id: updateId, message: { message_id: updateId, date: 0, chat: { id: chatId, type: 'private' }, text: `q${updateId}` } }) as unknown as Update;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe.skipIf(!postgresAvailable())('update inbox (PostgreSQL)', () => {
  let pool: Pool;
  let url: string;
  beforeAll(async () => {
    url = await freshDatabase('inbox');
    pool = await connectPostgres(url, { attempts: 1 });
  });
  afterAll(async () => {
    await pool?.end();
  });

  it('knows the chat of messages and button presses', () => {
    expect(chatKeyOf(message(1, 42))).toBe('42');
    expect(chatKeyOf({ update_id: 2, callback_query: { id: 'x', from: {}, chat_instance: 'c', message: { chat: { id: -7 } } } } as unknown as Update)).toBe('-7');
    expect(chatKeyOf({ update_id: 3 } as Update)).toBe('update:3');
  });

  it('two instances: each update once, per chat in order, though updates arrive at either', async () => {
    const handled: { instance: string; chat: number; update: number }[] = [];
    const active = new Set<number>();
    let overlap = false;
    const make = (name: string) =>
      new UpdateInbox({
        pool,
        owner: name,
        sweepMs: 200,
        handle: async (u) => {
          const chat = u.message!.chat.id;
          if (active.has(chat)) overlap = true;
          active.add(chat);
          await sleep(5 + (u.update_id % 4) * 5);
          handled.push({ instance: name, chat, update: u.update_id });
          active.delete(chat);
        },
      });
    const inboxes = [make('a'), make('b')];
    inboxes.forEach((i) => i.start());
    const updates = Array.from({ length: 60 }, (_, i) => message(1000 + i, 100 + (i % 6)));
    for (const [i, u] of updates.entries()) {
      const inbox = inboxes[i % 2]!;
      expect(await inbox.accept(u)).toBe(true);
      inbox.kick(chatKeyOf(u));
    }
    expect(await inboxes[1]!.accept(updates[0]!)).toBe(false); // a redelivery, to the other instance
    await until(() => handled.length >= 60, 20000, '60 updates');
    await sleep(500);
    inboxes.forEach((i) => i.stop());
    expect(handled).toHaveLength(60);
    expect(overlap).toBe(false);
    for (let chat = 100; chat < 106; chat++) {
      const order = handled.filter((h) => h.chat === chat).map((h) => h.update);
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
    expect(new Set(handled.map((h) => h.instance)).size).toBe(2);
    const open = await pool.query("SELECT 1 FROM updates WHERE state <> 'done' AND update_id BETWEEN 1000 AND 1059");
    expect(open.rowCount).toBe(0);
  });

  it("an instance that dies mid-answer: its lease runs out and the other takes the chat's updates over, in order", async () => {
    const handled: string[] = [];
    const deadPool = await connectPostgres(url, { attempts: 1 });
    const dead = new UpdateInbox({ pool: deadPool, owner: 'dead', leaseMs: 600, handle: () => new Promise(() => undefined), onError: () => undefined }); // never finishes
    const alive = new UpdateInbox({ pool, owner: 'alive', leaseMs: 600, sweepMs: 100, handle: async (u) => void handled.push(`${u.update_id}`) });
    for (const id of [2000, 2001]) await dead.accept(message(id, 300));
    dead.kick('300');
    await sleep(100);
    dead.stop();
    await deadPool.end(); // the process is gone: it holds 2000 and renews its lease no more
    await alive.accept(message(2002, 300));
    alive.kick('300');
    await sleep(200);
    expect(handled).toEqual([]); // 2000 is still leased: the chat waits, in order
    alive.start();
    await until(() => handled.length === 3, 10000, 'the takeover');
    alive.stop();
    expect(handled).toEqual(['2000', '2001', '2002']);
  });
});

import type { Context } from 'grammy';
import { describe, expect, it } from 'vitest';
import { ChatAdmins } from '../../src/bot/subscriptions-admins.js';
import { parseSubscribeArgs } from '../../src/bot/subscriptions-commands.js';

describe('parseSubscribeArgs', () => {
  it('takes the cadence from either end, daily when absent, and keeps the topic as written', () => {
    expect(parseSubscribeArgs('新材料 weekly')).toEqual({ topic: '新材料', cadence: 'weekly' });
    expect(parseSubscribeArgs('每周 氫能 產業')).toEqual({ topic: '氫能 產業', cadence: 'weekly' });
    expect(parseSubscribeArgs('  光伏  ')).toEqual({ topic: '光伏', cadence: 'daily' });
    expect(parseSubscribeArgs('weekly')).toEqual({ topic: 'weekly', cadence: 'daily' }); // a lone word is the topic
    expect(parseSubscribeArgs('')).toEqual({ topic: '', cadence: 'daily' });
  });
});

describe('ChatAdmins', () => {
  const GROUP = -100;
  function context(chat: object, from: object | undefined, api: object, senderChat?: object): Context {
    return { chat, from, api, msg: { sender_chat: senderChat } } as unknown as Context;
  }
  function fakeApi(adminIds: number[]) {
    const api = {
      calls: 0,
      getChatAdministrators: async () => {
        api.calls++;
        return adminIds.map((id) => ({ status: 'administrator', user: { id, is_bot: false, first_name: 'x' } }));
      },
    };
    return api;
  }
  const group = { id: GROUP, type: 'supergroup' };

  it('lets a group admin manage, not a member; asks Telegram once a minute per chat', async () => {
    let now = 0;
    const admins = new ChatAdmins(() => now);
    const api = fakeApi([1]);
    expect(await admins.canManage(context(group, { id: 1 }, api))).toBe(true);
    expect(await admins.canManage(context(group, { id: 2 }, api))).toBe(false);
    expect(api.calls).toBe(1);
    now += 61_000;
    expect(await admins.canManage(context(group, { id: 2 }, api))).toBe(false);
    expect(api.calls).toBe(2);
  });

  it('lets the user of a private chat and an anonymous admin (posting as the group) manage without asking', async () => {
    const admins = new ChatAdmins();
    const api = fakeApi([]);
    expect(await admins.canManage(context({ id: 5, type: 'private' }, { id: 5 }, api))).toBe(true);
    expect(await admins.canManage(context(group, { id: 1087968824 }, api, { id: GROUP, type: 'supergroup' }))).toBe(true);
    expect(await admins.canManage(context(group, { id: 1087968824 }, api, { id: -999, type: 'channel' }))).toBe(false);
    expect(api.calls).toBe(1); // only the last one needed the list
  });

  it('passes a failed lookup on (the command then says it could not check)', async () => {
    const admins = new ChatAdmins();
    const api = { getChatAdministrators: async () => Promise.reject(new Error('Bad Request: member list is inaccessible')) };
    await expect(admins.canManage(context(group, { id: 1 }, api))).rejects.toThrow(/inaccessible/);
  });
});

describe('subscriptionExtension', () => {
  it('builds the subscriptions from the configuration, with hooks for start, re-index and stop', async () => {
    const { subscriptionExtension, SUBSCRIPTION_COMMANDS } = await import('../../src/bot/subscriptions.js');
    const { parseConfig } = await import('../../src/config.js');
    const { createLogger } = await import('../../src/logger.js');
    const { removeDir, tempDir } = await import('../helpers.js');
    const dataDir = await tempDir('subs-ext');
    const documents = [{ id: 'a.txt', hash: '1', meta: { title: '甲', kind: 'plan' } }];
    const index = () => ({ listDocuments: () => documents }) as never;
    const extension = subscriptionExtension({ clock: () => 0 })({
      config: parseConfig({ DATA_DIR: dataDir, SUBSCRIPTION_HOUR: '7' }),
      logger: createLogger('silent'),
      conversation: { brief: async () => ({ blocks: [] }) },
      index,
    });
    expect(extension.commands).toBe(SUBSCRIPTION_COMMANDS);
    expect(extension.subscriptions.schedule.hour).toBe(7);
    extension.start({} as never);
    expect(await extension.afterReindex()).toBe(0);
    expect(await extension.subscriptions.store.catalogueSeq()).toBe(1); // start() and the hook recorded the index
    await extension.stop();
    await removeDir(dataDir);
  });
});

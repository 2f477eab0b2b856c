import { describe, expect, it } from 'vitest';
import type { MessageEntity } from 'grammy/types';
import { addressedText, isCommandForMe } from '../../src/bot/addressing.js';

const me = { id: 666, username: 'TestNameBot' };
const at = (text: string, word: string, type: MessageEntity['type'] = 'mention') => ({ type, offset: text.indexOf(word), length: word.length }) as MessageEntity;

describe('group addressing by message entities', () => {
  it('takes an exact @mention (any case) and removes it from the question', () => {
    const text = '请问 @testnamebot 综改示范区投资多少？';
    expect(addressedText({ text, entities: [at(text, '@testnamebot')] }, me)).toBe('请问 综改示范区投资多少？');
  });

  it('ignores look-alikes and text without entities', () => {
    const fan = '@TestNameBotFan 综改示范区';
    expect(addressedText({ text: fan, entities: [at(fan, '@TestNameBotFan')] }, me)).toBeUndefined();
    const email = 'admin@TestNameBot.org 综改示范区';
    expect(addressedText({ text: email, entities: [at(email, 'admin@TestNameBot.org', 'email')] }, me)).toBeUndefined();
    expect(addressedText({ text: '@TestNameBot 综改示范区' }, me)).toBeUndefined(); // no entity: not a mention
  });

  it('takes a text_mention of the bot and a reply to it', () => {
    const text = 'Bot 综改示范区投资多少？';
    expect(addressedText({ text, entities: [{ type: 'text_mention', offset: 0, length: 3, user: { id: 666, is_bot: true, first_name: 'Bot' } }] }, me)).toBe('综改示范区投资多少？');
    expect(addressedText({ text: '那太原呢？', reply_to_message: { from: { id: 666 } } as never }, me)).toBe('那太原呢？');
  });

  it('knows commands for this bot from those for another', () => {
    const cmd = (text: string) => ({ text, entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] as MessageEntity[] });
    expect(isCommandForMe(cmd('/ask 综改'), me)).toBe(true);
    expect(isCommandForMe(cmd('/ask@TestNameBot 综改'), me)).toBe(true);
    expect(isCommandForMe(cmd('/ask@TestNameBotFan 综改'), me)).toBe(false);
    expect(isCommandForMe(cmd('/ask@OtherBot 综改'), me)).toBe(false);
    expect(isCommandForMe({ text: '/ask 综改' }, me)).toBe(false); // no entity, no command
  });
});

import { describe, expect, it } from 'vitest';
import { apologyTargets, InFlight } from '../../src/bot/in-flight.js';
import { secretMatches } from '../../src/bot/webhook.js';

describe('in-flight updates', () => {
  it('drain resolves as soon as the last update ends', async () => {
    const inFlight = new InFlight();
    const a = inFlight.begin(1, { chatId: 10 });
    setTimeout(() => inFlight.end(a), 50);
    const t0 = Date.now();
    expect(await inFlight.drain(5000)).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('after the grace period returns what is left, abandoned, with one apology target per chat and topic', async () => {
    const inFlight = new InFlight();
    inFlight.begin(1, { chatId: 10 });
    const asked = inFlight.begin(2, { chatId: 10, replyTo: 5 });
    asked.awaited = true;
    inFlight.begin(3, { chatId: 20, threadId: 7 });
    inFlight.begin(4);
    const left = await inFlight.drain(30);
    expect(left.map((e) => e.updateId)).toEqual([1, 2, 3, 4]);
    expect(left.every((e) => e.abandoned)).toBe(true);
    expect(apologyTargets(left)).toEqual([{ chatId: 10, replyTo: 5 }, { chatId: 20, threadId: 7 }]);
  });
});

describe('the webhook secret', () => {
  it('matches only the exact secret', () => {
    expect(secretMatches('s3cret', 's3cret')).toBe(true);
    expect(secretMatches('s3creT', 's3cret')).toBe(false);
    expect(secretMatches('s3cret-longer', 's3cret')).toBe(false);
    expect(secretMatches(undefined, 's3cret')).toBe(false);
    expect(secretMatches('', 's3cret')).toBe(false);
  });
});

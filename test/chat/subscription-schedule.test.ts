import { describe, expect, it } from 'vitest';
import { dueSlot, formatSlot, latestSlot, nextSlot, parseCadence, PERIOD_MS } from '../../src/chat/subscription-schedule.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

/** The Shanghai wall clock of a time, read through the ICU time-zone database (not our arithmetic). */
function shanghai(ms: number): { weekday: string; hour: number; minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', weekday: 'short', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return { weekday: parts.weekday!, hour: Number(parts.hour), minute: Number(parts.minute) };
}

describe('daily slots at 09:00 Asia/Shanghai (UTC+8)', () => {
  it('is due at 01:00 UTC: before it the previous day, from it on the same day', () => {
    expect(iso(latestSlot('daily', at('2026-12-02T00:59:59Z')))).toBe('2026-12-01T01:00:00.000Z');
    expect(iso(latestSlot('daily', at('2026-12-02T01:00:00Z')))).toBe('2026-12-02T01:00:00.000Z');
    expect(iso(nextSlot('daily', at('2026-12-02T01:00:00Z')))).toBe('2026-12-03T01:00:00.000Z');
  });

  it('counts the Shanghai date, not the UTC one (UTC evening is the next morning in Shanghai)', () => {
    // 2026-12-02 20:00 UTC is 04:00 on the 3rd in Shanghai: the 3rd's slot is still ahead.
    expect(iso(latestSlot('daily', at('2026-12-02T20:00:00Z')))).toBe('2026-12-02T01:00:00.000Z');
    expect(iso(nextSlot('daily', at('2026-12-02T20:00:00Z')))).toBe('2026-12-03T01:00:00.000Z');
  });

  it('crosses month and year ends, and leap days', () => {
    expect(iso(nextSlot('daily', at('2026-11-30T05:00:00Z')))).toBe('2026-12-01T01:00:00.000Z');
    expect(iso(nextSlot('daily', at('2026-12-31T17:00:00Z')))).toBe('2027-01-01T01:00:00.000Z'); // 01:00 on 1 January in Shanghai
    expect(iso(latestSlot('daily', at('2026-12-31T17:00:00Z')))).toBe('2026-12-31T01:00:00.000Z');
    expect(iso(nextSlot('daily', at('2028-02-28T02:00:00Z')))).toBe('2028-02-29T01:00:00.000Z');
    expect(iso(nextSlot('daily', at('2028-02-29T02:00:00Z')))).toBe('2028-03-01T01:00:00.000Z');
  });

  it('takes the configured hour, midnight included', () => {
    expect(iso(nextSlot('daily', at('2026-12-02T10:00:00Z'), { hour: 0, weekday: 1 }))).toBe('2026-12-02T16:00:00.000Z');
    expect(iso(nextSlot('daily', at('2026-12-02T10:00:00Z'), { hour: 23, weekday: 1 }))).toBe('2026-12-02T15:00:00.000Z');
  });
});

describe('weekly slots on Mondays at 09:00 Asia/Shanghai', () => {
  it('falls on the Monday on or before', () => {
    // 2026-12-02 is a Wednesday.
    expect(iso(latestSlot('weekly', at('2026-12-02T08:00:00Z')))).toBe('2026-11-30T01:00:00.000Z');
    expect(iso(nextSlot('weekly', at('2026-12-02T08:00:00Z')))).toBe('2026-12-07T01:00:00.000Z');
    expect(iso(latestSlot('weekly', at('2026-12-07T00:59:00Z')))).toBe('2026-11-30T01:00:00.000Z');
    expect(iso(latestSlot('weekly', at('2026-12-07T01:00:00Z')))).toBe('2026-12-07T01:00:00.000Z');
  });

  it('uses the Shanghai weekday: Sunday 20:00 UTC is already Monday morning there', () => {
    expect(iso(nextSlot('weekly', at('2026-12-06T20:00:00Z')))).toBe('2026-12-07T01:00:00.000Z');
    expect(iso(latestSlot('weekly', at('2026-12-06T20:00:00Z')))).toBe('2026-11-30T01:00:00.000Z');
  });

  it('crosses the year end', () => {
    // 2027-01-01 is a Friday.
    expect(iso(latestSlot('weekly', at('2027-01-01T12:00:00Z')))).toBe('2026-12-28T01:00:00.000Z');
    expect(iso(nextSlot('weekly', at('2027-01-01T12:00:00Z')))).toBe('2027-01-04T01:00:00.000Z');
  });

  it('takes another weekday and hour', () => {
    // Fridays at 17:00 (09:00 UTC).
    expect(iso(nextSlot('weekly', at('2026-12-02T08:00:00Z'), { hour: 17, weekday: 5 }))).toBe('2026-12-04T09:00:00.000Z');
  });
});

describe('slots agree with the time-zone database', () => {
  it('every slot is at the set hour (and weekday), at or before the time, within one period', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 400; i++) {
      const t = at('2024-01-01T00:00:00Z') + Math.floor(random() * 5 * 365 * 86_400_000);
      const hour = Math.floor(random() * 24);
      for (const cadence of ['daily', 'weekly'] as const) {
        const slot = latestSlot(cadence, t, { hour, weekday: 1 });
        expect(slot).toBeLessThanOrEqual(t);
        expect(t - slot).toBeLessThan(PERIOD_MS[cadence]);
        const local = shanghai(slot);
        expect({ hour: local.hour, minute: local.minute }).toEqual({ hour, minute: 0 });
        if (cadence === 'weekly') expect(local.weekday).toBe('Mon');
        expect(nextSlot(cadence, t, { hour, weekday: 1 })).toBe(slot + PERIOD_MS[cadence]);
      }
    }
  });
});

describe('due slots', () => {
  const last = at('2026-12-01T01:00:00Z');
  it('nothing is due until the next slot', () => {
    expect(dueSlot('daily', last, at('2026-12-02T00:59:00Z'))).toBeUndefined();
    expect(dueSlot('daily', last, at('2026-12-02T01:00:00Z'))).toBe(at('2026-12-02T01:00:00Z'));
  });

  it('after days down, only the latest missed slot is due (one catch-up)', () => {
    expect(iso(dueSlot('daily', last, at('2026-12-05T07:00:00Z'))!)).toBe('2026-12-05T01:00:00.000Z');
    expect(dueSlot('daily', at('2026-12-05T01:00:00Z'), at('2026-12-05T07:00:00Z'))).toBeUndefined();
  });
});

describe('cadence words and times as read in Shanghai', () => {
  it('reads English and Chinese cadence words', () => {
    expect(parseCadence('Weekly')).toBe('weekly');
    expect(parseCadence('每周')).toBe('weekly');
    expect(parseCadence('每天')).toBe('daily');
    expect(parseCadence('新材料')).toBeUndefined();
  });

  it('formats a slot in Shanghai time', () => {
    expect(formatSlot(at('2026-12-07T01:00:00Z'))).toBe('12月7日（周一）09:00');
    expect(formatSlot(at('2026-12-31T16:00:00Z'))).toBe('1月1日（周五）00:00');
  });
});

describe('SUBSCRIPTION_HOUR', () => {
  it('defaults to 9 and refuses an hour outside 0–23 in one line naming the variable', async () => {
    const { parseConfig } = await import('../../src/config.js');
    expect(parseConfig({}).SUBSCRIPTION_HOUR).toBe(9);
    expect(parseConfig({ SUBSCRIPTION_HOUR: '0' }).SUBSCRIPTION_HOUR).toBe(0);
    expect(() => parseConfig({ SUBSCRIPTION_HOUR: '24' })).toThrow(/^Configuration error: SUBSCRIPTION_HOUR must be an hour from 0 to 23 \(got "24"\)/);
  });
});

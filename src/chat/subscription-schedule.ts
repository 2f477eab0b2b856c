/**
 * When subscribed briefings are due: daily or weekly at a set hour, Shanghai time. Pure functions
 * of a time in epoch milliseconds, so the scheduler, the store and the tests agree on every slot.
 *
 * A slot is identified by its due time (epoch ms): the scheduler records the slot it claims, so a
 * restart can tell a slot already posted from one missed.
 */

export type Cadence = 'daily' | 'weekly';

export const CADENCES: readonly Cadence[] = ['daily', 'weekly'];

export interface ScheduleSettings {
  /** Hour of day (0–23) in Asia/Shanghai. */
  hour: number;
  /** Day of a weekly briefing, 0 = Sunday … 6 = Saturday (as Date#getUTCDay). */
  weekday: number;
}

export const DEFAULT_SCHEDULE: ScheduleSettings = { hour: 9, weekday: 1 };

export const SCHEDULE_TIME_ZONE = 'Asia/Shanghai';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/**
 * China Standard Time is UTC+8 all year (no daylight saving since 1991), so local midnight is a
 * fixed offset from UTC and a week is always 7 × 24 h: plain arithmetic, no time-zone tables.
 */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

export const PERIOD_MS: Record<Cadence, number> = { daily: DAY_MS, weekly: 7 * DAY_MS };

/** The latest due time at or before `at`. */
export function latestSlot(cadence: Cadence, at: number, settings: ScheduleSettings = DEFAULT_SCHEDULE): number {
  const local = at + SHANGHAI_OFFSET_MS;
  let slot = Math.floor(local / DAY_MS) * DAY_MS + settings.hour * HOUR_MS;
  if (slot > local) slot -= DAY_MS;
  if (cadence === 'weekly') {
    // `slot` is in shifted time, so its UTC weekday is the Shanghai weekday.
    const daysSince = (new Date(slot).getUTCDay() - settings.weekday + 7) % 7;
    slot -= daysSince * DAY_MS;
  }
  return slot - SHANGHAI_OFFSET_MS;
}

/** The first due time strictly after `at`. */
export function nextSlot(cadence: Cadence, at: number, settings: ScheduleSettings = DEFAULT_SCHEDULE): number {
  return latestSlot(cadence, at, settings) + PERIOD_MS[cadence];
}

/**
 * The slot to post at `now` for a subscription whose last claimed (or skipped) slot is
 * `lastSlot`: the latest one due, or undefined when nothing is due. However many slots were missed
 * while the bot was down, only the latest is posted — one catch-up, never a backlog.
 */
export function dueSlot(cadence: Cadence, lastSlot: number, now: number, settings: ScheduleSettings = DEFAULT_SCHEDULE): number | undefined {
  const slot = latestSlot(cadence, now, settings);
  return slot > lastSlot ? slot : undefined;
}

/** "daily"/"weekly" and their Chinese names; undefined for anything else. */
export function parseCadence(word: string): Cadence | undefined {
  const w = word.trim().toLowerCase();
  if (['daily', 'day', '每日', '每天', '日报'].includes(w)) return 'daily';
  if (['weekly', 'week', '每周', '每週', '周报', '週報'].includes(w)) return 'weekly';
  return undefined;
}

const localTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: SCHEDULE_TIME_ZONE,
  month: 'numeric',
  day: 'numeric',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A due time as a Shanghai reader reads it, e.g. "12月3日（周四）09:00". */
export function formatSlot(at: number): string {
  const part = Object.fromEntries(localTime.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return `${part.month}月${part.day}日（${part.weekday}）${part.hour}:${part.minute}`;
}

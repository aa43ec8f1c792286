/**
 * Slack names an export's day files after the calendar date in
 * America/Los_Angeles of each message's ts, whatever the workspace's time
 * zone: a message sent at 02:30 UTC lands in the previous day's file. Days
 * there last 23 or 25 hours when daylight saving time starts or ends.
 */

const pacificDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** 'YYYY-MM-DD' in Los Angeles at this instant. */
export function pacificDateOf(epochMs: number): string {
  return pacificDateFormat.format(epochMs);
}

export function isCalendarDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
}

function utcMidnightOf(date: string): number {
  if (!isCalendarDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  return new Date(utcMidnightOf(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 for Sunday to 6 for Saturday. */
export function weekdayOf(date: string): number {
  return new Date(utcMidnightOf(date)).getUTCDay();
}

/**
 * Midnight of that date in Los Angeles, in epoch ms: 07:00 UTC under
 * daylight time, 08:00 UTC under standard time. The clocks change at 2 AM,
 * so midnight always exists and is one of the two.
 */
export function pacificMidnight(date: string): number {
  const underDaylightTime = utcMidnightOf(date) + 7 * HOUR_MS;
  return pacificDateOf(underDaylightTime) === date ? underDaylightTime : underDaylightTime + HOUR_MS;
}

export interface PacificDay {
  date: string;
  /** Epoch ms of the day's first instant, inclusive. */
  startMs: number;
  /** Epoch ms of the next day's first instant, exclusive. */
  endMs: number;
}

export function pacificDays(firstDate: string, count: number): PacificDay[] {
  const days: PacificDay[] = [];
  let startMs = pacificMidnight(firstDate);
  for (let index = 0; index < count; index++) {
    const date = addDays(firstDate, index);
    const endMs = pacificMidnight(addDays(date, 1));
    days.push({ date, startMs, endMs });
    startMs = endMs;
  }
  return days;
}

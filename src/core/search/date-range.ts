import { midnightIn, nextDay } from '../time/midnight.ts';
import type { DateFilters } from './query.ts';

export interface TimeRange {
  fromMs: number | null;
  toMs: number | null;
}

function monthAfter(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
}

/** `during:` as the first day of its period and the first day after it. */
function period(during: string): [string, string] {
  if (/^\d{4}$/.test(during)) return [`${during}-01-01`, `${Number(during) + 1}-01-01`];
  return [`${during}-01`, `${monthAfter(during)}-01`];
}

/**
 * Date filters as an instant range, days read in the community's time zone,
 * the way Slack reads them: `after:` starts the day after, `before:` ends the
 * day before, `on:` is the whole day; several filters narrow each other.
 */
export function timeRange(dates: DateFilters, timeZone: string): TimeRange {
  const from: number[] = [];
  const to: number[] = [];
  const at = (day: string) => midnightIn(day, timeZone);
  const push = (list: number[], value: number | null) => value !== null && list.push(value);
  if (dates.after) push(from, at(nextDay(dates.after)));
  if (dates.before) push(to, at(dates.before));
  if (dates.on) {
    push(from, at(dates.on));
    push(to, at(nextDay(dates.on)));
  }
  if (dates.during) {
    const [first, next] = period(dates.during);
    push(from, at(first));
    push(to, at(next));
  }
  return { fromMs: from.length ? Math.max(...from) : null, toMs: to.length ? Math.min(...to) : null };
}

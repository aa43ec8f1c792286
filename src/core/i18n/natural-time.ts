import { formatDate, relativeTimeFormat, type Locale, type Translate } from './index.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * A past moment as people say it: "à l’instant", "il y a 5 minutes",
 * "il y a 3 heures", then the date and time for anything older than a day.
 * Pages put the exact time beside it (a <time datetime> with a title).
 */
export function naturalTime(date: Date, now: Date, locale: Locale, timeZone: string, t: Translate): string {
  const ago = now.getTime() - date.getTime();
  if (ago >= 0 && ago < MINUTE) return t('time.justNow');
  const relative = relativeTimeFormat(locale, { numeric: 'auto' });
  if (ago >= 0 && ago < HOUR) return relative.format(-Math.floor(ago / MINUTE), 'minute');
  if (ago >= 0 && ago < 24 * HOUR) return relative.format(-Math.floor(ago / HOUR), 'hour');
  return formatDate(date, locale, timeZone, { dateStyle: 'medium', timeStyle: 'short' });
}

/** One formatter per zone: building one costs far more than formatting with it, and searches ask for every year they count. */
const clocks = new Map<string, Intl.DateTimeFormat>();
const clockIn = (timeZone: string): Intl.DateTimeFormat => {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    clocks.set(timeZone, clock);
  }
  return clock;
};

/**
 * Milliseconds of 00:00 on a calendar day (YYYY-MM-DD) in a time zone, found by
 * correcting the UTC guess by the zone's offset; null for a date that does not exist.
 */
export function midnightIn(day: string, timeZone: string): number | null {
  const guess = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(guess) || new Date(guess).toISOString().slice(0, 10) !== day) return null;
  const parts = clockIn(timeZone).formatToParts(new Date(guess));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return guess - (shown - guess);
}

/** The calendar day after (YYYY-MM-DD). */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

import { describe, expect, it } from 'vitest';
import { pacificDateOf, pacificDays, pacificMidnight } from './pacific-days.ts';

const HOUR_MS = 3_600_000;

describe('pacificDateOf', () => {
  it('puts 02:30 UTC on the previous day in Los Angeles', () => {
    expect(pacificDateOf(Date.UTC(2019, 2, 12, 2, 30))).toBe('2019-03-11');
    expect(pacificDateOf(Date.UTC(2019, 0, 15, 2, 30))).toBe('2019-01-14');
  });

  it('changes date at 07:00 UTC in summer and 08:00 UTC in winter', () => {
    expect(pacificDateOf(Date.UTC(2019, 6, 1, 6, 59))).toBe('2019-06-30');
    expect(pacificDateOf(Date.UTC(2019, 6, 1, 7, 0))).toBe('2019-07-01');
    expect(pacificDateOf(Date.UTC(2019, 0, 1, 7, 59))).toBe('2018-12-31');
    expect(pacificDateOf(Date.UTC(2019, 0, 1, 8, 0))).toBe('2019-01-01');
  });
});

describe('pacificMidnight', () => {
  it('follows daylight saving time on the days the clocks change', () => {
    expect(pacificMidnight('2019-03-10')).toBe(Date.UTC(2019, 2, 10, 8));
    expect(pacificMidnight('2019-03-11')).toBe(Date.UTC(2019, 2, 11, 7));
    expect(pacificMidnight('2019-11-03')).toBe(Date.UTC(2019, 10, 3, 7));
    expect(pacificMidnight('2019-11-04')).toBe(Date.UTC(2019, 10, 4, 8));
  });
});

describe('pacificDays', () => {
  it('gives contiguous days of 23, 24 or 25 hours', () => {
    const days = pacificDays('2019-03-09', 240);
    for (const [index, day] of days.entries()) {
      expect(day.startMs).toBe(pacificMidnight(day.date));
      expect(pacificDateOf(day.startMs)).toBe(day.date);
      expect(pacificDateOf(day.endMs - 1)).toBe(day.date);
      if (index > 0) expect(day.startMs).toBe(days[index - 1]?.endMs);
    }
    const hours = new Map(days.map((day) => [day.date, (day.endMs - day.startMs) / HOUR_MS]));
    expect(hours.get('2019-03-10')).toBe(23);
    expect(hours.get('2019-11-03')).toBe(25);
    expect(hours.get('2019-06-01')).toBe(24);
  });

  it('rejects dates that do not exist', () => {
    expect(() => pacificDays('2019-02-30', 1)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { countByYear, yearSpans } from './year-spans.ts';

describe('yearSpans', () => {
  it("cuts a range at New Year's midnight in the zone asked, clipped to the range", () => {
    const from = Date.UTC(2023, 5, 1);
    const to = Date.UTC(2024, 5, 1);
    expect(yearSpans(from, to, 'Asia/Tokyo')).toEqual([
      { year: 2023, startMs: from, endMs: Date.UTC(2023, 11, 31, 15) },
      { year: 2024, startMs: Date.UTC(2023, 11, 31, 15), endMs: to },
    ]);
    expect(yearSpans(from, to, 'America/Toronto')[1]!.startMs).toBe(Date.UTC(2024, 0, 1, 5));
  });

  it('is empty for an empty range', () => {
    expect(yearSpans(5, 5, 'UTC')).toEqual([]);
  });
});

describe('countByYear', () => {
  it('counts the sorted values in each span, newest year first, and leaves out empty years', () => {
    const spans = yearSpans(Date.UTC(2021, 0, 1), Date.UTC(2024, 0, 1), 'UTC');
    const values = [Date.UTC(2021, 0, 1), Date.UTC(2021, 11, 31, 23, 59), Date.UTC(2023, 0, 1)];
    expect(countByYear(values, spans)).toEqual([
      { value: '2023', count: 1 },
      { value: '2021', count: 2 },
    ]);
    // In another unit (search ids: µs × 2), through `at`.
    expect(countByYear(values.map((ms) => ms * 2000), spans, (ms) => ms * 2000)).toEqual(countByYear(values, spans));
  });
});

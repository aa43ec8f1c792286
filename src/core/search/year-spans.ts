import { yearIn } from './documents.ts';
import { midnightIn } from '../time/midnight.ts';

/** A calendar year in a time zone, as the half-open span of instants it covers: startMs <= t < endMs. */
export interface YearSpan {
  year: number;
  startMs: number;
  endMs: number;
}

/**
 * The calendar years, in the reader's time zone, that meet the half-open
 * range [fromMs, toMs), each clipped to it: what year facets count, so that a
 * year's count is what `during:YEAR` then finds for the same reader.
 */
export function yearSpans(fromMs: number, toMs: number, timeZone: string): YearSpan[] {
  if (!(fromMs < toMs)) return [];
  const year = yearIn(timeZone);
  const spans: YearSpan[] = [];
  for (let y = year(fromMs); y <= year(toMs - 1); y++) {
    const start = midnightIn(`${String(y).padStart(4, '0')}-01-01`, timeZone) ?? Date.UTC(y, 0, 1);
    const end = midnightIn(`${String(y + 1).padStart(4, '0')}-01-01`, timeZone) ?? Date.UTC(y + 1, 0, 1);
    spans.push({ year: y, startMs: Math.max(start, fromMs), endMs: Math.min(end, toMs) });
  }
  return spans;
}

/**
 * How many of the values (sorted ascending) fall in each span, `at` turning
 * an instant into the values' unit; spans without any left out, newest year first.
 */
export function countByYear(sorted: readonly number[], spans: readonly YearSpan[], at: (ms: number) => number = (ms) => ms): { value: string; count: number }[] {
  const firstAtOrAfter = (ms: number) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sorted[middle]! < at(ms)) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return spans
    .map((span) => ({ value: String(span.year), count: firstAtOrAfter(span.endMs) - firstAtOrAfter(span.startMs) }))
    .filter((facet) => facet.count > 0)
    .sort((a, b) => Number(b.value) - Number(a.value));
}

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
  return spans
    .map((span) => ({ value: String(span.year), count: countBetween(sorted, at(span.startMs), at(span.endMs)) }))
    .filter((facet) => facet.count > 0)
    .sort((a, b) => Number(b.value) - Number(a.value));
}

/** How many of the values (sorted ascending) lie in [low, high). */
export function countBetween(sorted: readonly number[], low: number, high: number): number {
  const firstAtOrAfter = (value: number) => {
    let [lo, hi] = [0, sorted.length];
    while (lo < hi) {
      const middle = (lo + hi) >> 1;
      if (sorted[middle]! < value) lo = middle + 1;
      else hi = middle;
    }
    return lo;
  };
  return high <= low ? 0 : firstAtOrAfter(high) - firstAtOrAfter(low);
}

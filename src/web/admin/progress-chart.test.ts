import { describe, expect, it } from 'vitest';
import type { StateCounts } from '../../core/campaigns/progress.ts';
import { chartGeometry, leftCount } from './progress-chart.ts';

const counts = (values: Partial<StateCounts>): StateCounts => {
  const all: StateCounts = { queued: 0, sending: 0, sent: 0, delivered: 0, bounced: 0, complained: 0, failed: 0, skipped: 0, renewed: 0, total: 0, ...values };
  all.total = all.queued + all.sending + all.sent + all.delivered + all.bounced + all.complained + all.failed + all.skipped;
  return all;
};

describe('the progress chart', () => {
  it('stacks each wave’s outcomes in order, scaled to the largest wave, with the renewed apart', () => {
    const chart = chartGeometry(
      [
        { label: 'Day 1', counts: counts({ delivered: 30, sent: 10, bounced: 5, complained: 1, skipped: 4, renewed: 12 }) },
        { label: 'Day 2', counts: counts({ queued: 100 }) },
      ],
      { width: 500, labelWidth: 100 },
    );
    const [first, second] = chart.rows;
    expect(chart.barWidth).toBe(330);
    expect(first!.segments.map((segment) => [segment.part, segment.count])).toEqual([
      ['delivered', 30],
      ['sent', 10],
      ['bounced', 5],
      ['complained', 1],
      ['ended', 4],
    ]);
    // Fifty of the largest wave's hundred: half the bar, segments end to end.
    const end = first!.segments.at(-1)!;
    expect(end.x + end.width - chart.labelWidth).toBeCloseTo(165);
    expect(first!.segments[1]!.x).toBeCloseTo(chart.labelWidth + first!.segments[0]!.width);
    expect(first!.renewedWidth).toBeCloseTo(12 * 3.3);
    expect(second!.segments).toEqual([{ part: 'waiting', x: 100, width: 330, count: 100 }]);
    expect(second!.y).toBeGreaterThan(first!.y + chart.barHeight);
  });

  it('counts as sent every message that left, whatever came back', () => {
    expect(leftCount(counts({ queued: 3, sent: 1, delivered: 2, bounced: 4, complained: 1, failed: 7 }))).toBe(8);
  });

  it('draws an empty campaign without dividing by zero', () => {
    const chart = chartGeometry([]);
    expect(chart.rows).toEqual([]);
    expect(chart.height).toBeGreaterThan(0);
  });
});

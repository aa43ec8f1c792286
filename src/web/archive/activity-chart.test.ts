import { describe, expect, it } from 'vitest';
import { fillMonths } from '../../core/archive/activity.ts';
import { busiestMonth, chartBars, monthLabel } from './activity-chart.ts';

describe('monthly activity chart', () => {
  it('fills the months between the first and the last, across a new year', () => {
    expect(fillMonths([{ month: '2024-11', count: 3 }, { month: '2025-02', count: 1 }]).map((m) => `${m.month}:${m.count}`)).toEqual([
      '2024-11:3',
      '2024-12:0',
      '2025-01:0',
      '2025-02:1',
    ]);
    expect(fillMonths([])).toEqual([]);
  });

  it('scales bars to the busiest month and keeps quiet months visible', () => {
    const bars = chartBars([{ month: '2024-01', count: 1000 }, { month: '2024-02', count: 0 }, { month: '2024-03', count: 1 }], 30, 20);
    expect(bars.map((bar) => bar.height)).toEqual([20, 0, 1]);
    expect(bars.map((bar) => bar.y)).toEqual([0, 20, 19]);
    expect(bars[2]!.x).toBeGreaterThan(bars[1]!.x);
    expect(bars.every((bar) => bar.x + bar.width <= 30)).toBe(true);
  });

  it('names the busiest month in the reader language', () => {
    expect(busiestMonth([{ month: '2024-01', count: 2 }, { month: '2024-03', count: 5 }])).toEqual({ month: '2024-03', count: 5 });
    expect(monthLabel('2024-03', 'fr')).toBe('mars 2024');
    expect(monthLabel('2024-03', 'en')).toBe('March 2024');
  });
});

import type { MonthlyActivity } from '../../core/archive/activity.ts';
import { dateTimeFormat, intlLanguage, type Locale } from '../../core/i18n/index.ts';

export interface Bar {
  month: string;
  count: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Bars of a monthly chart in a fixed viewBox, drawn on the server: the SVG
 * scales with its container and needs no script. A month with messages keeps
 * at least one unit of height, so a quiet month is not mistaken for none.
 */
export function chartBars(months: MonthlyActivity, width: number, height: number): Bar[] {
  if (months.length === 0) return [];
  const peak = Math.max(...months.map((month) => month.count), 1);
  const step = width / months.length;
  const gap = months.length > 60 ? 0 : Math.min(step * 0.2, 2);
  return months.map((month, index) => {
    const barHeight = month.count === 0 ? 0 : Math.max((month.count / peak) * height, 1);
    return {
      month: month.month,
      count: month.count,
      x: round(index * step + gap / 2),
      y: round(height - barHeight),
      width: round(Math.max(step - gap, 0.5)),
      height: round(barHeight),
    };
  });
}

/** The busiest month: the chart's text alternative names it. */
export function busiestMonth(months: MonthlyActivity): { month: string; count: number } | null {
  let best: { month: string; count: number } | null = null;
  for (const month of months) if (!best || month.count > best.count) best = month;
  return best;
}

/** Month names already written: a channel's chart names each of its months twice, the directory three per channel. */
const monthLabels = new Map<string, string>();
/** Bounded: an archive spans a few hundred months at most, in two languages. */
const MAX_MONTH_LABELS = 5000;

/** "2024-03" in the reader's language: "mars 2024", "March 2024". */
export function monthLabel(month: string, locale: Locale): string {
  const key = `${locale}|${month}`;
  let label = monthLabels.get(key);
  if (label === undefined) {
    const [year, monthNumber] = month.split('-').map(Number) as [number, number];
    label = dateTimeFormat(intlLanguage(locale), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, monthNumber - 1, 15)));
    if (monthLabels.size >= MAX_MONTH_LABELS) monthLabels.clear();
    monthLabels.set(key, label);
  }
  return label;
}

const round = (value: number) => Math.round(value * 100) / 100;

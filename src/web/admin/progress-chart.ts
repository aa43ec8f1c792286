import type { StateCounts } from '../../core/campaigns/progress.ts';

/** The outcomes a bar shows, in the order they stack; "renewed" is drawn apart, since renewed members are also in one of these. */
export const CHART_PARTS = ['delivered', 'sent', 'bounced', 'complained', 'ended', 'waiting'] as const;
export type ChartPart = (typeof CHART_PARTS)[number];

export function chartParts(counts: StateCounts): Record<ChartPart, number> {
  return {
    delivered: counts.delivered,
    // Handed to Postmark, no news yet.
    sent: counts.sent,
    bounced: counts.bounced,
    complained: counts.complained,
    // Failed or skipped (renewed meanwhile, unsubscribed, suppressed): no message.
    ended: counts.failed + counts.skipped,
    waiting: counts.queued + counts.sending,
  };
}

/** Messages that left: what "sent" means to an administrator, whatever came back since. */
export function leftCount(counts: StateCounts): number {
  return counts.sent + counts.delivered + counts.bounced + counts.complained;
}

export interface ChartRow {
  label: string;
  y: number;
  total: number;
  renewed: number;
  segments: { part: ChartPart; x: number; width: number; count: number }[];
  renewedWidth: number;
}

export interface ChartGeometry {
  width: number;
  height: number;
  labelWidth: number;
  barWidth: number;
  barHeight: number;
  rows: ChartRow[];
}

/**
 * Horizontal stacked bars, one per wave, scaled to the largest wave; under
 * each, a thin bar of the members who renewed. Plain numbers in, rectangles
 * out: the page draws them as SVG on the server.
 */
export function chartGeometry(rows: { label: string; counts: StateCounts }[], options: { width?: number; labelWidth?: number } = {}): ChartGeometry {
  const width = options.width ?? 640;
  const labelWidth = options.labelWidth ?? 110;
  const barWidth = width - labelWidth - 70;
  const barHeight = 18;
  const rowHeight = barHeight + 16;
  const largest = Math.max(1, ...rows.map((row) => row.counts.total));
  const scale = (count: number) => (count / largest) * barWidth;
  return {
    width,
    height: Math.max(rowHeight, rows.length * rowHeight) + 8,
    labelWidth,
    barWidth,
    barHeight,
    rows: rows.map((row, index) => {
      const parts = chartParts(row.counts);
      let x = labelWidth;
      const segments = CHART_PARTS.filter((part) => parts[part] > 0).map((part) => {
        const segment = { part, x, width: scale(parts[part]), count: parts[part] };
        x += segment.width;
        return segment;
      });
      return { label: row.label, y: 4 + index * rowHeight, total: row.counts.total, renewed: row.counts.renewed, segments, renewedWidth: scale(row.counts.renewed) };
    }),
  };
}

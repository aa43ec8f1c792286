import { weekdayOf } from './pacific-days.ts';
import type { Random } from './seeded-random.ts';

/**
 * How many messages each day starts, adding up to exactly `total`: busy
 * weekdays, quiet weekends, holiday and summer lulls, a community that
 * slowly grows, and day-to-day noise.
 */
export function dailyVolumes(random: Random, dates: readonly string[], total: number): number[] {
  const weights = dates.map((date, index) => {
    const weekday = weekdayOf(date);
    const monthDay = date.slice(5);
    let weight = weekday === 0 ? 0.25 : weekday === 6 ? 0.3 : 1;
    if (monthDay >= '12-23' || monthDay <= '01-02') weight *= 0.2;
    else if (monthDay >= '07-01' && monthDay <= '08-31') weight *= 0.6;
    const growth = 0.8 + (0.4 * index) / Math.max(1, dates.length - 1);
    const noise = 0.6 + 0.8 * random.next();
    return weight * growth * noise;
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  // Rounding the running total, not each day, keeps the sum exact.
  const volumes: number[] = [];
  let cumulative = 0;
  let allotted = 0;
  for (const [index, weight] of weights.entries()) {
    cumulative += weight;
    const upTo = index === weights.length - 1 ? total : Math.round((cumulative / sum) * total);
    volumes.push(upTo - allotted);
    allotted = upTo;
  }
  return volumes;
}

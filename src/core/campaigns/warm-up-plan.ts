/**
 * The warm-up plan: a small first wave, then each day's wave grows by a factor
 * within a daily cap, and no receiving organisation (one MX, e.g. a
 * university's Exchange) gets more than a few messages an hour. Postmark's
 * guidance for a new domain: start around 50–100 a day to engaged recipients,
 * roughly double every day or two while bounces and complaints stay low.
 */
export interface WarmUpPlan {
  firstWave: number;
  /** Factor from one day's wave to the next (2 = doubles daily). */
  growth: number;
  dailyCap: number;
  organisationHourlyCap: number;
}

export const DEFAULT_PLAN: WarmUpPlan = { firstWave: 50, growth: 2, dailyCap: 2000, organisationHourlyCap: 20 };

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface Placed<T> {
  recipient: T;
  /** Day of the plan, 0 for the first wave. */
  wave: number;
  scheduledAt: Date;
}

/** How many messages day `wave` may carry. */
export function waveCapacity(plan: WarmUpPlan, wave: number): number {
  return Math.max(1, Math.min(plan.dailyCap, Math.floor(plan.firstWave * plan.growth ** wave)));
}

/**
 * Places recipients, most engaged first (the order given), on days and hours.
 * A recipient whose organisation has used its hours for the day waits for the
 * next day without holding back the others.
 */
export function planWaves<T extends { organisation: string }>(ordered: readonly T[], plan: WarmUpPlan, start: Date, firstWave = 0): Placed<T>[] {
  const placed: Placed<T>[] = [];
  const perOrganisationDaily = plan.organisationHourlyCap * 24;
  let pending: readonly T[] = ordered;
  for (let wave = firstWave; pending.length > 0; wave++) {
    const capacity = waveCapacity(plan, wave - firstWave);
    const dayStart = start.getTime() + (wave - firstWave) * DAY_MS;
    const perOrganisation = new Map<string, number>();
    const waiting: T[] = [];
    let taken = 0;
    for (const recipient of pending) {
      const already = perOrganisation.get(recipient.organisation) ?? 0;
      if (taken >= capacity || already >= perOrganisationDaily) {
        waiting.push(recipient);
        continue;
      }
      perOrganisation.set(recipient.organisation, already + 1);
      taken++;
      const hour = Math.floor(already / plan.organisationHourlyCap);
      placed.push({ recipient, wave, scheduledAt: new Date(dayStart + hour * HOUR_MS) });
    }
    pending = waiting;
  }
  return placed;
}

export interface ScheduleDay {
  wave: number;
  /** The wave's first and last message (an organisation's hourly cap spreads it over the day). */
  at: Date;
  lastAt: Date;
  count: number;
}

/** The plan as administrators read it: how many go when, and the day the last member is invited. */
export function summarizeSchedule(placed: readonly { wave: number; scheduledAt: Date }[]): { days: ScheduleDay[]; lastAt: Date | null } {
  const byWave = new Map<number, ScheduleDay>();
  let lastAt: Date | null = null;
  for (const { wave, scheduledAt } of placed) {
    const day = byWave.get(wave);
    if (!day) byWave.set(wave, { wave, at: scheduledAt, lastAt: scheduledAt, count: 1 });
    else {
      day.count++;
      if (scheduledAt < day.at) day.at = scheduledAt;
      if (scheduledAt > day.lastAt) day.lastAt = scheduledAt;
    }
    if (!lastAt || scheduledAt > lastAt) lastAt = scheduledAt;
  }
  return { days: [...byWave.values()].sort((a, b) => a.wave - b.wave), lastAt };
}

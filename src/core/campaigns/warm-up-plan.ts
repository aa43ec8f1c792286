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
 * The placement itself, on organisations alone: calls `visit` with each
 * recipient's index, the plan day (counted from the start) and the hour of that
 * day. Organisations become small numbers and the pending list an array of
 * indexes, so a draft page can plan 20,000 members while it renders.
 */
function placeEach(organisations: readonly string[], plan: WarmUpPlan, visit: (index: number, day: number, hour: number) => void): void {
  const perOrganisationDaily = plan.organisationHourlyCap * 24;
  const numbers = new Map<string, number>();
  const organisationOf = new Int32Array(organisations.length);
  organisations.forEach((organisation, index) => {
    let number = numbers.get(organisation);
    if (number === undefined) numbers.set(organisation, (number = numbers.size));
    organisationOf[index] = number;
  });
  const perOrganisation = new Int32Array(numbers.size);
  let pending = Int32Array.from(organisations.keys());
  for (let day = 0; pending.length > 0; day++) {
    const capacity = waveCapacity(plan, day);
    perOrganisation.fill(0);
    const waiting = new Int32Array(pending.length);
    let waitingCount = 0;
    let taken = 0;
    for (const index of pending) {
      const organisation = organisationOf[index]!;
      const already = perOrganisation[organisation]!;
      if (taken >= capacity || already >= perOrganisationDaily) {
        waiting[waitingCount++] = index;
        continue;
      }
      perOrganisation[organisation] = already + 1;
      taken++;
      visit(index, day, Math.floor(already / plan.organisationHourlyCap));
    }
    pending = waiting.subarray(0, waitingCount);
  }
}

/**
 * Places recipients, most engaged first (the order given), on days and hours.
 * A recipient whose organisation has used its hours for the day waits for the
 * next day without holding back the others.
 */
export function planWaves<T extends { organisation: string }>(ordered: readonly T[], plan: WarmUpPlan, start: Date, firstWave = 0): Placed<T>[] {
  const placed: Placed<T>[] = [];
  placeEach(
    ordered.map((recipient) => recipient.organisation),
    plan,
    (index, day, hour) => placed.push({ recipient: ordered[index]!, wave: firstWave + day, scheduledAt: new Date(start.getTime() + day * DAY_MS + hour * HOUR_MS) }),
  );
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

/**
 * The same schedule as `summarizeSchedule(planWaves(...))`, from the
 * recipients' organisations in order, without a record per recipient: what a
 * draft's page shows.
 */
export function scheduleOf(organisations: readonly string[], plan: WarmUpPlan, start: Date): { days: ScheduleDay[]; lastAt: Date | null; count: number } {
  const counts: number[] = [];
  const lastHours: number[] = [];
  placeEach(organisations, plan, (_index, day, hour) => {
    counts[day] = (counts[day] ?? 0) + 1;
    if (hour > (lastHours[day] ?? -1)) lastHours[day] = hour;
  });
  // Every day's first message goes at the day's start: some organisation always takes its first hour.
  const days = counts.map((count, day) => ({ wave: day, at: new Date(start.getTime() + day * DAY_MS), lastAt: new Date(start.getTime() + day * DAY_MS + lastHours[day]! * HOUR_MS), count }));
  return { days, lastAt: days.at(-1)?.lastAt ?? null, count: organisations.length };
}

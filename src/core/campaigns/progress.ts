import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { members } from '../db/schema/accounts.ts';
import { campaignRecipients, RECIPIENT_STATES, type RecipientState } from '../db/schema/campaigns.ts';

export type StateCounts = Record<RecipientState, number> & { renewed: number; total: number };

/** When a step's messages are planned, whatever became of them: the schedule as it stands (a resume moves what waits). */
export interface Planned {
  firstAt: Date | null;
  lastAt: Date | null;
}

export interface CampaignProgress {
  total: StateCounts;
  /** Invitations by wave (reminders are counted in `reminders`). */
  waves: ({ wave: number } & StateCounts & Planned)[];
  organisations: ({ organisation: string } & StateCounts)[];
  reminders: StateCounts & Planned;
  /** When the next queued message is due, and when the last one is: the day the last member is invited. */
  nextAt: Date | null;
  lastAt: Date | null;
}

function emptyCounts(): StateCounts {
  return { ...(Object.fromEntries(RECIPIENT_STATES.map((state) => [state, 0])) as Record<RecipientState, number>), renewed: 0, total: 0 };
}

function plan(into: Planned, first: number | null, last: number | null): void {
  if (first !== null && (into.firstAt === null || first < into.firstAt.getTime())) into.firstAt = new Date(first);
  if (last !== null && (into.lastAt === null || last > into.lastAt.getTime())) into.lastAt = new Date(last);
}

function add(into: StateCounts, state: RecipientState, count: number, renewed: number): void {
  into[state] += count;
  into.total += count;
  into.renewed += renewed;
}

/**
 * Where a campaign stands, per wave and per receiving organisation, from one
 * grouped read of its recipients (the page and `campaign status` share it, so
 * its cost is what the administrator waits for).
 */
export async function campaignProgress(db: Db, campaignId: string): Promise<CampaignProgress> {
  const rows = await db
    .select({
      step: campaignRecipients.step,
      wave: campaignRecipients.wave,
      organisation: campaignRecipients.organisation,
      state: campaignRecipients.state,
      count: sql<number>`count(*)`,
      renewed: sql<number>`sum(${members.renewedAt} IS NOT NULL)`,
      nextAt: sql<number | null>`min(CASE WHEN ${campaignRecipients.state} = 'queued' THEN ${campaignRecipients.scheduledAt} END)`,
      lastAt: sql<number | null>`max(CASE WHEN ${campaignRecipients.state} = 'queued' THEN ${campaignRecipients.scheduledAt} END)`,
      plannedFrom: sql<number>`min(${campaignRecipients.scheduledAt})`,
      plannedTo: sql<number>`max(${campaignRecipients.scheduledAt})`,
    })
    .from(campaignRecipients)
    .leftJoin(members, eq(members.id, campaignRecipients.memberId))
    .where(and(eq(campaignRecipients.campaignId, campaignId)))
    .groupBy(campaignRecipients.step, campaignRecipients.wave, campaignRecipients.organisation, campaignRecipients.state);
  const total = emptyCounts();
  const reminders: StateCounts & Planned = { ...emptyCounts(), firstAt: null, lastAt: null };
  const waves = new Map<number, StateCounts & Planned>();
  const organisations = new Map<string, StateCounts>();
  let nextAt: number | null = null;
  let lastAt: number | null = null;
  for (const row of rows) {
    const count = Number(row.count);
    const renewed = Number(row.renewed ?? 0);
    add(total, row.state, count, renewed);
    const from = row.plannedFrom === null ? null : Number(row.plannedFrom);
    const to = row.plannedTo === null ? null : Number(row.plannedTo);
    if (row.step === 'reminder') {
      add(reminders, row.state, count, renewed);
      plan(reminders, from, to);
    } else {
      if (!waves.has(row.wave)) waves.set(row.wave, { ...emptyCounts(), firstAt: null, lastAt: null });
      add(waves.get(row.wave)!, row.state, count, renewed);
      plan(waves.get(row.wave)!, from, to);
    }
    if (!organisations.has(row.organisation)) organisations.set(row.organisation, emptyCounts());
    add(organisations.get(row.organisation)!, row.state, count, renewed);
    if (row.nextAt !== null) nextAt = nextAt === null ? Number(row.nextAt) : Math.min(nextAt, Number(row.nextAt));
    if (row.lastAt !== null) lastAt = lastAt === null ? Number(row.lastAt) : Math.max(lastAt, Number(row.lastAt));
  }
  return {
    total,
    waves: [...waves].sort(([a], [b]) => a - b).map(([wave, counts]) => ({ wave, ...counts })),
    organisations: [...organisations].sort(([, a], [, b]) => b.total - a.total).map(([organisation, counts]) => ({ organisation, ...counts })),
    reminders,
    nextAt: nextAt === null ? null : new Date(nextAt),
    lastAt: lastAt === null ? null : new Date(lastAt),
  };
}

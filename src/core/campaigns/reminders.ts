import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { members } from '../db/schema/accounts.ts';
import { campaignRecipients } from '../db/schema/campaigns.ts';
import { planOf, type Campaign } from './campaigns.ts';
import { queuedRows } from './queued-rows.ts';
import { isRenewed } from './renewed.ts';
import { planWaves } from './warm-up-plan.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One reminder to each member who got the invitation N days ago and has not
 * renewed, placed by the same warm-up plan (caps and per-organisation pacing).
 * Rows are keyed by member and step: asking twice schedules nobody twice.
 */
export async function scheduleReminders(db: Db, campaign: Campaign, now: Date): Promise<number> {
  if (campaign.reminderAfterDays === null) return 0;
  const invited = await db
    .select({
      memberId: campaignRecipients.memberId,
      email: campaignRecipients.email,
      domain: campaignRecipients.domain,
      organisation: campaignRecipients.organisation,
      locale: campaignRecipients.locale,
      status: members.status,
      renewedAt: members.renewedAt,
    })
    .from(campaignRecipients)
    .innerJoin(members, eq(members.id, campaignRecipients.memberId))
    .where(
      and(
        eq(campaignRecipients.campaignId, campaign.id),
        eq(campaignRecipients.step, 'invite'),
        inArray(campaignRecipients.state, ['sent', 'delivered']),
        lte(campaignRecipients.sentAt, new Date(now.getTime() - campaign.reminderAfterDays * DAY_MS)),
        sql`NOT EXISTS (SELECT 1 FROM campaign_recipients r2 WHERE r2.campaign_id = ${campaign.id} AND r2.member_id = ${campaignRecipients.memberId} AND r2.step = 'reminder')`,
      ),
    )
    .limit(5000);
  const due = invited.filter((row) => row.status !== 'disabled' && !isRenewed(row));
  if (due.length === 0) return 0;
  const placed = planWaves(due, planOf(campaign), now);
  const rows = queuedRows(campaign.id, 'reminder', placed, now);
  for (let start = 0; start < rows.length; start += 1000) await db.insert(campaignRecipients).values(rows.slice(start, start + 1000)).onConflictDoNothing();
  return rows.length;
}

/** Whether a reminder may still come: some invitation is younger than the reminder delay. */
export async function remindersPending(db: Db, campaign: Campaign, now: Date): Promise<boolean> {
  if (campaign.reminderAfterDays === null) return false;
  const result = await db
    .select({ latest: sql<number | null>`max(${campaignRecipients.sentAt})` })
    .from(campaignRecipients)
    .where(and(eq(campaignRecipients.campaignId, campaign.id), eq(campaignRecipients.step, 'invite')));
  const latest = result[0]?.latest;
  return latest !== null && latest !== undefined && Number(latest) + campaign.reminderAfterDays * DAY_MS > now.getTime();
}

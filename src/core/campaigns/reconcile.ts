import { and, eq, lte } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { campaignRecipients } from '../db/schema/campaigns.ts';
import type { BroadcastProvider } from './broadcast-port.ts';

/**
 * A message left in `sending` was claimed and maybe handed over when the
 * sender stopped (a kill, a timeout). Before any retry, Postmark's Outbound
 * Messages search says whether it holds it: found, it is sent; not found, it
 * goes back in line. Search results lag a little behind sending, so a message
 * is only judged once `graceMs` have passed since it was handed over.
 */
export async function reconcileSending(db: Db, provider: BroadcastProvider, campaignId: string, options: { now: Date; graceMs: number; limit?: number }): Promise<{ found: number; requeued: number; waiting: number }> {
  const rows = await db
    .select({ memberId: campaignRecipients.memberId, step: campaignRecipients.step, sendingAt: campaignRecipients.sendingAt })
    .from(campaignRecipients)
    .where(and(eq(campaignRecipients.campaignId, campaignId), eq(campaignRecipients.state, 'sending')))
    .limit(options.limit ?? 500);
  const report = { found: 0, requeued: 0, waiting: 0 };
  for (const row of rows) {
    if ((row.sendingAt?.getTime() ?? 0) > options.now.getTime() - options.graceMs) {
      report.waiting++;
      continue;
    }
    const messageId = await provider.findSent({ campaignId, memberId: row.memberId, step: row.step });
    const key = and(eq(campaignRecipients.campaignId, campaignId), eq(campaignRecipients.memberId, row.memberId), eq(campaignRecipients.step, row.step), eq(campaignRecipients.state, 'sending'));
    if (messageId) {
      await db.update(campaignRecipients).set({ state: 'sent', providerMessageId: messageId, sentAt: options.now, updatedAt: options.now }).where(key);
      report.found++;
    } else {
      await db.update(campaignRecipients).set({ state: 'queued', sendingAt: null, updatedAt: options.now }).where(and(key, lte(campaignRecipients.sendingAt, options.now)));
      report.requeued++;
    }
  }
  return report;
}

import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { campaignRecipients, mailEvents, type CampaignStep, type MailEventKind, type RecipientState } from '../../db/schema/campaigns.ts';

export interface MailEvent {
  /** Built from the provider's identifiers ("bounce:123", "delivery:<MessageID>"): the same event twice is one. */
  id: string;
  kind: MailEventKind;
  providerMessageId: string | null;
  recipient: string;
  stream?: string | null;
  /** Bounce type, or the suppression reason of an unsubscribe. */
  detail?: string | null;
  /** The receiving server a delivery reached, or a bounce's SMTP answer. */
  answer?: string | null;
  at: Date;
  /** From the message's Metadata when the event carries it (webhooks do, the Bounces API does not). */
  metadata?: Record<string, string> | null;
}

/** Which states each event moves a campaign recipient from: later news never undoes worse news. */
const MOVES: Partial<Record<MailEventKind, { to: RecipientState; from: RecipientState[] }>> = {
  delivered: { to: 'delivered', from: ['sending', 'sent'] },
  bounced: { to: 'bounced', from: ['sending', 'sent', 'delivered'] },
  complained: { to: 'complained', from: ['sending', 'sent', 'delivered', 'bounced'] },
};

/**
 * Records what the provider said happened to a message, once per event
 * whatever the number of times it is told, and moves the campaign recipient
 * it concerns. Shared by the Bounces API pull and the webhooks.
 */
export async function recordMailEvent(db: Db, event: MailEvent): Promise<{ recorded: boolean }> {
  const recipient = await campaignRecipientOf(db, event);
  const inserted = await db
    .insert(mailEvents)
    .values({
      id: event.id,
      kind: event.kind,
      providerMessageId: event.providerMessageId,
      recipient: event.recipient.toLowerCase(),
      stream: event.stream ?? null,
      detail: event.detail ?? null,
      answer: event.answer ?? null,
      at: event.at,
      campaignId: recipient?.campaignId ?? null,
      memberId: recipient?.memberId ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: mailEvents.id });
  if (inserted.length === 0) return { recorded: false };
  const move = MOVES[event.kind];
  if (recipient && move) {
    await db
      .update(campaignRecipients)
      .set({ state: move.to, updatedAt: new Date(), ...(event.providerMessageId ? { providerMessageId: event.providerMessageId } : {}) })
      .where(
        and(
          eq(campaignRecipients.campaignId, recipient.campaignId),
          eq(campaignRecipients.memberId, recipient.memberId),
          eq(campaignRecipients.step, recipient.step),
          inArray(campaignRecipients.state, move.from),
        ),
      );
  }
  return { recorded: true };
}

async function campaignRecipientOf(db: Db, event: MailEvent): Promise<{ campaignId: string; memberId: string; step: CampaignStep } | undefined> {
  const key = { campaignId: campaignRecipients.campaignId, memberId: campaignRecipients.memberId, step: campaignRecipients.step };
  if (event.providerMessageId) {
    const [byMessage] = await db.select(key).from(campaignRecipients).where(eq(campaignRecipients.providerMessageId, event.providerMessageId)).limit(1);
    if (byMessage) return byMessage;
  }
  const meta = event.metadata;
  if (meta?.campaign_id && meta.member_id && (meta.step === 'invite' || meta.step === 'reminder')) {
    const [byMetadata] = await db
      .select(key)
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.campaignId, meta.campaign_id), eq(campaignRecipients.memberId, meta.member_id), eq(campaignRecipients.step, meta.step)))
      .limit(1);
    return byMetadata;
  }
  return undefined;
}

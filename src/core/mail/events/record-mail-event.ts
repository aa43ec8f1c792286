import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { mailMessages } from '../../db/schema/mail.ts';
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
  /** Where a delivery went (DestinationServer), when the source says. */
  receivingServer?: string | null;
  /** The receiving server's answer: SMTP reply of a delivery, Details of a bounce. */
  serverAnswer?: string | null;
  /** Postmark's explanation: a bounce's Description, a suppression change's Origin. */
  description?: string | null;
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
  const memberId = recipient?.memberId ?? (await memberOfMessage(db, event.providerMessageId)) ?? event.metadata?.member_id ?? null;
  const insert = db
    .insert(mailEvents)
    .values({
      id: event.id,
      kind: event.kind,
      providerMessageId: event.providerMessageId,
      recipient: event.recipient.toLowerCase(),
      stream: event.stream ?? null,
      detail: event.detail ?? null,
      receivingServer: event.receivingServer ?? null,
      serverAnswer: event.serverAnswer ?? null,
      description: event.description ?? null,
      at: event.at,
      campaignId: recipient?.campaignId ?? null,
      memberId,
    })
    .onConflictDoNothing()
    .returning({ id: mailEvents.id });
  const move = MOVES[event.kind];
  // One transaction: the event is never stored without its move. Moving again is harmless (each
  // move only leaves earlier states), so a retried event that finds the row changes nothing.
  const [inserted] = recipient && move ? await db.batch([insert, moveRecipient(db, recipient, move, event.providerMessageId)]) : [await insert];
  if (inserted.length > 0) return { recorded: true };
  await completeDetails(db, event);
  return { recorded: false };
}

function moveRecipient(db: Db, recipient: { campaignId: string; memberId: string; step: CampaignStep }, move: { to: RecipientState; from: RecipientState[] }, providerMessageId: string | null) {
  return db
    .update(campaignRecipients)
    .set({ state: move.to, updatedAt: new Date(), ...(providerMessageId ? { providerMessageId } : {}) })
    .where(
      and(
        eq(campaignRecipients.campaignId, recipient.campaignId),
        eq(campaignRecipients.memberId, recipient.memberId),
        eq(campaignRecipients.step, recipient.step),
        inArray(campaignRecipients.state, move.from),
      ),
    );
}

/**
 * The webhook and the Messages API tell the same event with different details
 * (only the API names the receiving server): the second teller fills what the
 * first left empty, and changes nothing else.
 */
async function completeDetails(db: Db, event: MailEvent): Promise<void> {
  const fill = { receivingServer: event.receivingServer, serverAnswer: event.serverAnswer, description: event.description };
  const given = Object.entries(fill).filter(([, value]) => value) as [keyof typeof fill, string][];
  if (given.length === 0) return;
  const set = Object.fromEntries(given.map(([column, value]) => [column, sql`coalesce(${mailEvents[column]}, ${value})`]));
  await db.update(mailEvents).set(set).where(eq(mailEvents.id, event.id));
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

/** A transactional message (sign-in, renewal) is found by its provider id among the messages we sent. */
async function memberOfMessage(db: Db, providerMessageId: string | null): Promise<string | null> {
  if (!providerMessageId) return null;
  const [message] = await db.select({ memberId: mailMessages.memberId }).from(mailMessages).where(eq(mailMessages.providerMessageId, providerMessageId)).limit(1);
  return message?.memberId ?? null;
}

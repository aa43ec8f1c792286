import { and, desc, eq, inArray, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { campaignRecipients, campaigns, mailEvents, type CampaignStep, type MailEventKind, type RecipientState } from '../../db/schema/campaigns.ts';
import { mailMessages } from '../../db/schema/mail.ts';
import { isProbablyQuarantined } from './quarantine.ts';

export interface TimelineEvent {
  id: string;
  kind: MailEventKind;
  at: Date;
  /** Bounce type (HardBounce, Blocked…) or suppression reason. */
  detail: string | null;
  /** The receiving server of a delivery, or the server's answer to a bounce. */
  answer: string | null;
}

/** One message the member was sent (or was to be sent), from either record. */
export interface TimelineMessage {
  /** `mail:<id>` for mail_messages, `campaign:<campaignId>:<step>` for a campaign's send record. */
  key: string;
  source: 'mail' | 'campaign';
  /** The template (sign-in, renewal-confirmed, rescue-notice…) or the campaign step (invite, reminder). */
  kind: string;
  campaignName: string | null;
  subject: string | null;
  recipient: string;
  stream: string | null;
  /** mail_messages' status or the campaign recipient's state. */
  status: string;
  createdAt: Date;
  sentAt: Date | null;
  providerMessageId: string | null;
  /** Postmark's error code or our reason (campaigns), or the transport's error kind. */
  reason: string | null;
  events: TimelineEvent[];
  probablyQuarantined: boolean;
}

export interface MemberTimeline {
  messages: TimelineMessage[];
  /** Events about the member's address that match none of the messages (an older message, another sender). */
  looseEvents: TimelineEvent[];
}

const TIMELINE_LIMIT = 200;

/**
 * Everything Passerelle knows about the mail a member was sent, newest first:
 * each message with the events the provider reported for it, and the
 * "probably quarantined" flag. Reads only; bodies are never part of it.
 */
export async function memberMailTimeline(db: Db, member: { id: string; email: string }, options: { now: Date; quarantineHours: number }): Promise<MemberTimeline> {
  const [mails, sends] = await Promise.all([
    db.select().from(mailMessages).where(eq(mailMessages.memberId, member.id)).orderBy(desc(mailMessages.createdAt)).limit(TIMELINE_LIMIT),
    db
      .select({ recipient: campaignRecipients, campaignName: campaigns.name, stream: campaigns.stream })
      .from(campaignRecipients)
      .leftJoin(campaigns, eq(campaigns.id, campaignRecipients.campaignId))
      .where(eq(campaignRecipients.memberId, member.id))
      .orderBy(desc(campaignRecipients.scheduledAt))
      .limit(TIMELINE_LIMIT),
  ]);
  const messageIds = [...mails.map((mail) => mail.providerMessageId), ...sends.map((send) => send.recipient.providerMessageId)].filter((id): id is string => id !== null);
  const events = await db
    .select()
    .from(mailEvents)
    .where(
      or(
        eq(mailEvents.memberId, member.id),
        eq(mailEvents.recipient, member.email.toLowerCase()),
        messageIds.length > 0 ? inArray(mailEvents.providerMessageId, messageIds) : undefined,
      ),
    )
    .orderBy(mailEvents.at)
    .limit(TIMELINE_LIMIT * 4);
  const byMessage = new Map<string, TimelineEvent[]>();
  const loose: TimelineEvent[] = [];
  const known = new Set(messageIds);
  for (const event of events) {
    // A delivery is told by where it went; a refusal by what the receiving server (or Postmark) said.
    const answer = event.kind === 'delivered' ? (event.receivingServer ?? event.serverAnswer) : (event.serverAnswer ?? event.description);
    const shown: TimelineEvent = { id: event.id, kind: event.kind, at: event.at, detail: event.detail, answer };
    if (event.providerMessageId && known.has(event.providerMessageId)) {
      const list = byMessage.get(event.providerMessageId) ?? [];
      list.push(shown);
      byMessage.set(event.providerMessageId, list);
    } else loose.push(shown);
  }
  const eventsOf = (id: string | null) => (id ? (byMessage.get(id) ?? []) : []);

  const messages: TimelineMessage[] = [
    ...mails.map((mail) => ({
      key: `mail:${mail.id}`,
      source: 'mail' as const,
      kind: mail.template,
      campaignName: null,
      subject: mail.subject,
      recipient: mail.recipient,
      stream: mail.stream,
      status: mail.status,
      createdAt: mail.createdAt,
      sentAt: mail.status === 'sent' ? (mail.sentAt ?? mail.createdAt) : null,
      providerMessageId: mail.providerMessageId,
      reason: mail.errorKind,
      events: eventsOf(mail.providerMessageId),
    })),
    ...sends.map(({ recipient: send, campaignName, stream }) => ({
      key: `campaign:${send.campaignId}:${send.step}`,
      source: 'campaign' as const,
      kind: send.step satisfies CampaignStep,
      campaignName,
      subject: null,
      recipient: send.email,
      stream,
      status: send.state satisfies RecipientState,
      createdAt: send.scheduledAt,
      sentAt: LEFT_STATES.has(send.state) ? (send.sentAt ?? send.sendingAt) : null,
      providerMessageId: send.providerMessageId,
      reason: send.reason,
      events: eventsOf(send.providerMessageId),
    })),
  ].map((message) => ({ ...message, probablyQuarantined: isProbablyQuarantined(message, options.now, options.quarantineHours) }));
  messages.sort((a, b) => (b.sentAt ?? b.createdAt).getTime() - (a.sentAt ?? a.createdAt).getTime());
  return { messages, looseEvents: loose };
}

/** Campaign states in which the message left for Postmark. */
const LEFT_STATES: ReadonlySet<RecipientState> = new Set(['sent', 'delivered', 'bounced', 'complained']);

/** The provider message id of one of the member's messages, or undefined if it is not theirs: read-back asks for nothing else. */
export async function memberMessageId(db: Db, memberId: string, providerMessageId: string): Promise<string | undefined> {
  const [mail] = await db
    .select({ id: mailMessages.providerMessageId })
    .from(mailMessages)
    .where(and(eq(mailMessages.memberId, memberId), eq(mailMessages.providerMessageId, providerMessageId)))
    .limit(1);
  if (mail?.id) return mail.id;
  const [send] = await db
    .select({ id: campaignRecipients.providerMessageId })
    .from(campaignRecipients)
    .where(and(eq(campaignRecipients.memberId, memberId), eq(campaignRecipients.providerMessageId, providerMessageId)))
    .limit(1);
  return send?.id ?? undefined;
}

import type { MailEventKind } from '../../db/schema/campaigns.ts';

export const DEFAULT_QUARANTINE_HOURS = 48;
const HOUR_MS = 60 * 60 * 1000;

/**
 * Events that say the receiving side answered for good. A soft bounce is not
 * one: the receiver only deferred, and Postmark keeps trying.
 */
const SETTLING: ReadonlySet<MailEventKind> = new Set(['delivered', 'bounced', 'complained', 'unsubscribed']);

/**
 * "Probably quarantined": the message left (Postmark took it), the configured
 * time has passed, and no receiver ever said delivered or refused. That is what
 * Exchange tenants do with mail they dislike: no bounce, no delivery, nothing.
 * Messages still in the outbox, held or failed never left, so they are not.
 */
export function isProbablyQuarantined(
  message: { sentAt: Date | null; providerMessageId: string | null; events: readonly { kind: MailEventKind }[] },
  now: Date,
  quarantineHours: number,
): boolean {
  if (message.sentAt === null || message.providerMessageId === null) return false;
  if (message.events.some((event) => SETTLING.has(event.kind))) return false;
  return now.getTime() - message.sentAt.getTime() >= quarantineHours * HOUR_MS;
}

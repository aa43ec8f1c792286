import { asc, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { mailEvents, type MailEventKind } from '../../db/schema/campaigns.ts';

/**
 * Where a message stands after it left, for the member's mail timeline:
 * derived from the events stored for its provider id, never stored beside
 * them, so the webhooks, `mail sync` and the Bounces API pull need no second
 * write and cannot disagree with it. Campaign recipients keep their own state
 * column for the sender (record-mail-event.ts moves it with the same order).
 */
export type DeliveryState = 'sent' | 'soft-bounced' | 'delivered' | 'bounced' | 'complained';

/**
 * Later news never undoes worse news: a receiving server can bounce after it
 * accepted (delivered, then bounced), a soft bounce is retried and may end
 * delivered, and a complaint outranks everything.
 */
const RANK: Record<DeliveryState, number> = { sent: 0, 'soft-bounced': 1, delivered: 2, bounced: 3, complained: 4 };
const STATE_OF: Partial<Record<MailEventKind, DeliveryState>> = { 'soft-bounced': 'soft-bounced', delivered: 'delivered', bounced: 'bounced', complained: 'complained' };

export function deliveryStateFrom(kinds: readonly MailEventKind[]): DeliveryState {
  let state: DeliveryState = 'sent';
  for (const kind of kinds) {
    const next = STATE_OF[kind];
    if (next && RANK[next] > RANK[state]) state = next;
  }
  return state;
}

export interface MessageDelivery {
  state: DeliveryState;
  /** When the deciding event happened. */
  at: Date | null;
  /** The receiving server and its last answer, as Postmark reported them. */
  receivingServer: string | null;
  serverAnswer: string | null;
}

/** The delivery of each message Postmark took, by its MessageID; a message with no event is "sent". */
export async function deliveriesOf(db: Db, providerMessageIds: readonly string[]): Promise<Map<string, MessageDelivery>> {
  const deliveries = new Map<string, MessageDelivery>(providerMessageIds.map((id) => [id, { state: 'sent', at: null, receivingServer: null, serverAnswer: null }]));
  const ids = [...deliveries.keys()];
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await db
      .select({ messageId: mailEvents.providerMessageId, kind: mailEvents.kind, at: mailEvents.at, receivingServer: mailEvents.receivingServer, serverAnswer: mailEvents.serverAnswer })
      .from(mailEvents)
      .where(inArray(mailEvents.providerMessageId, ids.slice(start, start + 500)))
      .orderBy(asc(mailEvents.at));
    for (const row of rows) {
      const delivery = deliveries.get(row.messageId!)!;
      const next = STATE_OF[row.kind];
      if (!next) continue;
      delivery.receivingServer = row.receivingServer ?? delivery.receivingServer;
      delivery.serverAnswer = row.serverAnswer ?? delivery.serverAnswer;
      if (RANK[next] > RANK[delivery.state]) Object.assign(delivery, { state: next, at: row.at });
    }
  }
  return deliveries;
}

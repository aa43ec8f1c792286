import { z } from 'zod';
import { bounceEventKind } from './bounce-kind.ts';
import { bounceEventId, deliveryEventId, subscriptionEventId } from './event-ids.ts';
import type { MailEvent } from './record-mail-event.ts';

/**
 * The webhook payloads Postmark documents for the events Passerelle keeps
 * (https://postmarkapp.com/developer/webhooks/webhooks-overview): Delivery,
 * Bounce, SpamComplaint and SubscriptionChange. Only the fields we use are
 * required; anything else Postmark adds later passes through unread.
 */

const time = z.string().refine((value) => !Number.isNaN(Date.parse(value)), { error: 'must be an ISO 8601 time' });
const text = z.string().trim().min(1);
const optionalText = z.string().nullish();
/** We send string metadata; Postmark's examples also show numbers. */
const metadata = z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).nullish();

const delivery = z.object({
  RecordType: z.literal('Delivery'),
  MessageID: text,
  Recipient: text,
  DeliveredAt: time,
  Details: optionalText,
  MessageStream: optionalText,
  Metadata: metadata,
});

/** Bounce and SpamComplaint share the bounce record's shape. */
const bounceRecord = {
  ID: z.number().int().nonnegative(),
  Type: text,
  TypeCode: z.number().int(),
  MessageID: text,
  Email: text,
  BouncedAt: time,
  Description: optionalText,
  Details: optionalText,
  MessageStream: optionalText,
  Metadata: metadata,
};
const bounce = z.object({ RecordType: z.literal('Bounce'), ...bounceRecord });
const spamComplaint = z.object({ RecordType: z.literal('SpamComplaint'), ...bounceRecord });

const subscriptionChange = z.object({
  RecordType: z.literal('SubscriptionChange'),
  /** Null for suppressions made by hand (Origin Customer or Admin). */
  MessageID: z.string().nullish(),
  Recipient: text,
  ChangedAt: time,
  Origin: optionalText,
  SuppressSending: z.boolean(),
  SuppressionReason: optionalText,
  MessageStream: text,
  Metadata: metadata,
});

const KEPT = { Delivery: delivery, Bounce: bounce, SpamComplaint: spamComplaint, SubscriptionChange: subscriptionChange } as const;
/** Passerelle turns tracking off; these may still come if an operator ticks them. */
const IGNORED = new Set(['Open', 'Click']);

export type WebhookReading =
  | { outcome: 'event'; event: MailEvent }
  | { outcome: 'ignored'; recordType: string }
  /** Where the payload is wrong, never what it holds: addresses stay out of logs. */
  | { outcome: 'malformed'; problems: string[] };

export function readPostmarkWebhook(payload: unknown): WebhookReading {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { outcome: 'malformed', problems: ['the body is not a JSON object'] };
  const recordType = (payload as { RecordType?: unknown }).RecordType;
  if (typeof recordType !== 'string' || recordType === '') return { outcome: 'malformed', problems: ['RecordType is missing'] };
  if (IGNORED.has(recordType) || !Object.hasOwn(KEPT, recordType)) return { outcome: 'ignored', recordType: recordType.slice(0, 40) };
  const parsed = KEPT[recordType as keyof typeof KEPT].safeParse(payload);
  if (!parsed.success) return { outcome: 'malformed', problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.code}`) };
  return { outcome: 'event', event: toMailEvent(parsed.data) };
}

type Payload = z.infer<(typeof KEPT)[keyof typeof KEPT]>;

function toMailEvent(payload: Payload): MailEvent {
  const meta = payload.Metadata ?? null;
  switch (payload.RecordType) {
    case 'Delivery':
      return {
        id: deliveryEventId(payload.MessageID, payload.Recipient),
        kind: 'delivered',
        providerMessageId: payload.MessageID,
        recipient: payload.Recipient,
        stream: payload.MessageStream ?? null,
        serverAnswer: payload.Details ?? null,
        at: new Date(payload.DeliveredAt),
        metadata: meta,
      };
    case 'Bounce':
    case 'SpamComplaint':
      return {
        id: bounceEventId(payload.ID),
        kind: payload.RecordType === 'SpamComplaint' ? 'complained' : bounceEventKind(payload.Type, payload.TypeCode),
        providerMessageId: payload.MessageID,
        recipient: payload.Email,
        stream: payload.MessageStream ?? null,
        detail: payload.Type,
        serverAnswer: payload.Details ?? null,
        description: payload.Description ?? null,
        at: new Date(payload.BouncedAt),
        metadata: meta,
      };
    case 'SubscriptionChange': {
      const at = new Date(payload.ChangedAt);
      return {
        id: subscriptionEventId(payload.MessageStream, payload.Recipient, payload.SuppressSending, at),
        kind: payload.SuppressSending ? 'unsubscribed' : 'reactivated',
        providerMessageId: payload.MessageID || null,
        recipient: payload.Recipient,
        stream: payload.MessageStream,
        detail: payload.SuppressionReason ?? null,
        description: payload.Origin ?? null,
        at,
        metadata: meta,
      };
    }
  }
}

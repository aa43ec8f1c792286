import { ServerClient } from 'postmark';
import { z } from 'zod';
import { postmarkApiTime } from '../../campaigns/postmark-broadcast.ts';
import { classifyPostmarkError } from '../postmark-error-kind.ts';
import { bounceEventKind } from './bounce-kind.ts';
import { bounceEventId, deliveryEventId, subscriptionEventId } from './event-ids.ts';
import type { MailEvent } from './record-mail-event.ts';

/**
 * What Postmark remembers of the mail it carried, read back through the
 * official client: the Outbound Messages list and each message's details
 * (its MessageEvents), and the Bounces API. Everything comes back as the same
 * MailEvents, with the same ids, as the webhooks give.
 */
export interface MailHistory {
  /** One page of the messages sent on a stream in the window, newest first, and how many the window holds. */
  messages(window: HistoryWindow, offset: number, count: number): Promise<{ total: number; messages: SentMessage[] }>;
  /** The events Postmark lists for one message (Open, Click and transient delays are left out). */
  eventsOf(message: SentMessage): Promise<MailEvent[]>;
  bounces(window: HistoryWindow, offset: number, count: number): Promise<{ total: number; events: MailEvent[] }>;
}

export interface HistoryWindow {
  stream: string;
  from: Date;
  to: Date;
}

export interface SentMessage {
  messageId: string;
  stream: string;
  metadata: Record<string, string>;
}

/** Postmark could not be asked: unreachable, refusing our token, or answering errors. */
export class MailHistoryTrouble extends Error {
  readonly kind: string;
  constructor(kind: string, message: string) {
    super(message);
    this.name = 'MailHistoryTrouble';
    this.kind = kind;
  }
}

const flag = z.union([z.boolean(), z.string().transform((value) => value.toLowerCase() === 'true')]);
const id = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);
const messageEvent = z.discriminatedUnion('Type', [
  z.object({ Type: z.literal('Delivered'), Recipient: z.string().min(1), ReceivedAt: z.string(), Details: z.object({ DeliveryMessage: z.string().nullish(), DestinationServer: z.string().nullish() }).partial().nullish() }),
  z.object({ Type: z.literal('Bounced'), Recipient: z.string().min(1), ReceivedAt: z.string(), Details: z.object({ BounceID: id, Summary: z.string().nullish() }) }),
  z.object({
    Type: z.literal('SubscriptionChanged'),
    Recipient: z.string().min(1),
    ReceivedAt: z.string(),
    Details: z.object({ SuppressSending: flag, SuppressionReason: z.string().nullish(), Origin: z.string().nullish() }),
  }),
]);
const KEPT_TYPES = new Set(['Delivered', 'Bounced', 'SubscriptionChanged']);

interface BounceRecord {
  ID: number;
  Type: string;
  TypeCode: number;
  MessageID: string;
  Email: string;
  BouncedAt: string;
  Description?: string;
  Details?: string;
  MessageStream?: string;
}

function bounceEvent(bounce: BounceRecord, stream: string | null, metadata: Record<string, string> | null): MailEvent {
  return {
    id: bounceEventId(bounce.ID),
    kind: bounceEventKind(bounce.Type, bounce.TypeCode),
    providerMessageId: bounce.MessageID,
    recipient: bounce.Email,
    stream: bounce.MessageStream ?? stream,
    detail: bounce.Type,
    serverAnswer: bounce.Details || null,
    description: bounce.Description || null,
    at: new Date(bounce.BouncedAt),
    metadata,
  };
}

export function createPostmarkHistory(options: { serverToken: string; timeoutSeconds?: number; requestHost?: string; useHttps?: boolean }): MailHistory {
  const client = new ServerClient(options.serverToken, {
    timeout: options.timeoutSeconds ?? 30,
    ...(options.requestHost === undefined ? {} : { requestHost: options.requestHost }),
    ...(options.useHttps === undefined ? {} : { useHttps: options.useHttps }),
  });
  const asked = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      const { kind, message } = classifyPostmarkError(error);
      throw new MailHistoryTrouble(kind, message);
    }
  };
  /** Bounces seen in this run, so a message's Bounced event costs no second request. */
  const knownBounces = new Map<number, BounceRecord>();

  return {
    async messages(window, offset, count) {
      const page = await asked(() => client.getOutboundMessages({ count, offset, messageStream: window.stream, fromDate: postmarkApiTime(window.from), toDate: postmarkApiTime(window.to) }));
      return {
        total: Number(page.TotalCount),
        messages: page.Messages.map((message) => ({ messageId: message.MessageID, stream: message.MessageStream ?? window.stream, metadata: message.Metadata ?? {} })),
      };
    },

    async eventsOf(message) {
      const details = await asked(() => client.getOutboundMessageDetails(message.messageId));
      const events: MailEvent[] = [];
      for (const raw of details.MessageEvents ?? []) {
        if (!KEPT_TYPES.has((raw as { Type?: string }).Type ?? '')) continue;
        const parsed = messageEvent.safeParse(raw);
        if (!parsed.success || Number.isNaN(Date.parse(parsed.data.ReceivedAt))) throw new MailHistoryTrouble('rejected', `Postmark listed an event of message ${message.messageId} in an unexpected shape`);
        const event = parsed.data;
        const at = new Date(event.ReceivedAt);
        const common = { providerMessageId: message.messageId, recipient: event.Recipient, stream: message.stream, at, metadata: message.metadata };
        if (event.Type === 'Delivered') {
          events.push({ ...common, id: deliveryEventId(message.messageId, event.Recipient), kind: 'delivered', receivingServer: event.Details?.DestinationServer || null, serverAnswer: event.Details?.DeliveryMessage || null });
        } else if (event.Type === 'Bounced') {
          // The event names the bounce; its type (hard, soft, blocked…) is in the Bounces API.
          const bounce = knownBounces.get(event.Details.BounceID) ?? (await asked(() => client.getBounce(event.Details.BounceID)));
          events.push(bounceEvent(bounce, message.stream, message.metadata));
        } else {
          const suppressed = event.Details.SuppressSending;
          events.push({
            ...common,
            id: subscriptionEventId(message.stream, event.Recipient, suppressed, at),
            kind: suppressed ? 'unsubscribed' : 'reactivated',
            detail: event.Details.SuppressionReason || null,
            description: event.Details.Origin || null,
          });
        }
      }
      return events;
    },

    async bounces(window, offset, count) {
      const page = await asked(() => client.getBounces({ count, offset, messageStream: window.stream, fromDate: postmarkApiTime(window.from), toDate: postmarkApiTime(window.to) }));
      for (const bounce of page.Bounces) knownBounces.set(bounce.ID, bounce);
      return { total: page.TotalCount, events: page.Bounces.map((bounce) => bounceEvent(bounce, window.stream, null)) };
    },
  };
}

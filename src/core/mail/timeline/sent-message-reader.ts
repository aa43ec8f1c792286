import { ServerClient } from 'postmark';
import type { PostmarkApiHost } from '../../config.ts';

/** A sent message as Postmark kept it: exactly what the member was sent, live links included. */
export interface SentMessage {
  messageId: string;
  subject: string;
  htmlBody: string;
  textBody: string;
  events: { type: string; at: Date | null; summary: string | null }[];
}

export type ReactivationOutcome = 'reactivated' | 'refused';

/**
 * What the rescue path asks of Postmark: read a sent message back (Outbound
 * Message Details) and take an address off a stream's suppression list. The
 * server token stays inside the adapter: nothing it returns carries it.
 */
export interface SentMessageReader {
  readMessage(providerMessageId: string): Promise<SentMessage>;
  reactivate(stream: string, email: string): Promise<ReactivationOutcome>;
}

/** Postmark's message ids are UUIDs: anything else is refused before a request is built from it. */
const MESSAGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STREAM_ID = /^[a-z0-9-]{1,100}$/;

export function createPostmarkReader(options: { serverToken: string; apiHost?: PostmarkApiHost; timeoutSeconds?: number }): SentMessageReader {
  const client = new ServerClient(options.serverToken, {
    timeout: options.timeoutSeconds ?? 10,
    ...(options.apiHost ? { requestHost: options.apiHost.requestHost, useHttps: options.apiHost.useHttps } : {}),
  });
  return {
    async readMessage(providerMessageId) {
      if (!MESSAGE_ID.test(providerMessageId)) throw new Error('not a Postmark message id');
      const details = await client.getOutboundMessageDetails(providerMessageId);
      return {
        messageId: details.MessageID,
        subject: details.Subject ?? '',
        htmlBody: details.HtmlBody ?? '',
        textBody: details.TextBody ?? '',
        events: (details.MessageEvents ?? []).map((event) => {
          const eventDetails = (event.Details ?? {}) as Record<string, unknown>;
          const summary = [eventDetails.Summary, eventDetails.DestinationServer, eventDetails.BounceID].find((value) => typeof value === 'string' && value !== '');
          const at = event.ReceivedAt ? new Date(event.ReceivedAt) : null;
          return { type: event.Type, at: at && !Number.isNaN(at.getTime()) ? at : null, summary: (summary as string | undefined) ?? null };
        }),
      };
    },
    async reactivate(stream, email) {
      if (!STREAM_ID.test(stream)) throw new Error('not a Postmark message stream id');
      const answer = await client.deleteSuppressions(stream, { Suppressions: [{ EmailAddress: email }] });
      return answer.Suppressions.some((entry) => entry.EmailAddress.toLowerCase() === email.toLowerCase() && entry.Status === 'Deleted') ? 'reactivated' : 'refused';
    },
  };
}

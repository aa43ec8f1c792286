import { Errors, ServerClient } from 'postmark';
import { classifyPostmarkError } from '../mail/postmark-error-kind.ts';
import { trackingFields, type MailTracking } from '../mail/postmark-transport.ts';
import { BATCH_LIMIT, ProviderTrouble, type BroadcastProvider, type ProviderBounce } from './broadcast-port.ts';

export interface PostmarkBroadcastOptions {
  serverToken: string;
  /** The broadcast stream's id ("broadcast" on every new Postmark server). */
  stream: string;
  timeoutSeconds?: number;
  /** Tests point the client at a local stand-in ("127.0.0.1:PORT", without https). */
  requestHost?: string;
  useHttps?: boolean;
  /** Off unless the community turned it on (MAIL_TRACK_*). */
  tracking?: MailTracking;
}

const PAGE = 500;
/** Postmark's API reads and writes times in US Eastern time. */
const API_ZONE = 'America/New_York';

/** "2026-11-20T09:30:00" in Postmark's zone, as its date filters expect. */
export function postmarkApiTime(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: API_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

function troubleFrom(error: unknown): ProviderTrouble {
  const { kind, message } = classifyPostmarkError(error);
  const statusCode = error instanceof Errors.PostmarkError ? error.statusCode : 0;
  // No answer, a timeout or a 5xx: Postmark may have taken the batch. Anything else it refused whole.
  const maybeAccepted = statusCode === 0 || statusCode === 408 || statusCode >= 500;
  if (kind === 'rate-limited' || kind === 'unavailable' || kind === 'misconfigured') return new ProviderTrouble(kind, !maybeAccepted, message);
  return new ProviderTrouble('rejected', !maybeAccepted, message);
}

/** The campaign's side of Postmark, through the official client, on the broadcast stream. */
export function createPostmarkBroadcast(options: PostmarkBroadcastOptions & { from: string }): BroadcastProvider {
  const client = new ServerClient(options.serverToken, {
    timeout: options.timeoutSeconds ?? 30,
    ...(options.requestHost === undefined ? {} : { requestHost: options.requestHost }),
    ...(options.useHttps === undefined ? {} : { useHttps: options.useHttps }),
  });
  return {
    async sendBatch(messages) {
      if (messages.length > BATCH_LIMIT) throw new Error(`a batch holds at most ${BATCH_LIMIT} messages`);
      let answers: Awaited<ReturnType<ServerClient['sendEmailBatch']>>;
      try {
        answers = await client.sendEmailBatch(
          messages.map((message) => ({
            From: options.from,
            To: message.to,
            Subject: message.subject,
            HtmlBody: message.html,
            TextBody: message.text,
            MessageStream: options.stream,
            Tag: message.tag,
            Metadata: { campaign_id: message.key.campaignId, member_id: message.key.memberId, step: message.key.step },
            // Not by default: members are not watched, and link tracking would rewrite their renewal links.
            ...trackingFields(options.tracking),
          })),
        );
      } catch (error) {
        throw troubleFrom(error);
      }
      if (!Array.isArray(answers) || answers.length !== messages.length) {
        throw new ProviderTrouble('unavailable', false, `Postmark answered ${Array.isArray(answers) ? answers.length : 'no'} results for ${messages.length} messages`);
      }
      return answers.map((answer) =>
        answer.ErrorCode === 0 ? { accepted: true as const, messageId: answer.MessageID } : { accepted: false as const, errorCode: answer.ErrorCode, message: answer.Message },
      );
    },

    async findSent(key) {
      try {
        const found = await client.getOutboundMessages({
          count: 50,
          offset: 0,
          messagestream: options.stream,
          metadata_campaign_id: key.campaignId,
          metadata_member_id: key.memberId,
          metadata_step: key.step,
        });
        const match = found.Messages.find((message) => message.Metadata?.campaign_id === key.campaignId && message.Metadata?.member_id === key.memberId && message.Metadata?.step === key.step);
        return match?.MessageID ?? null;
      } catch (error) {
        throw troubleFrom(error);
      }
    },

    async bouncesBetween(from, to) {
      const bounces: ProviderBounce[] = [];
      try {
        for (let offset = 0; ; offset += PAGE) {
          const page = await client.getBounces({ count: PAGE, offset, messageStream: options.stream, fromDate: postmarkApiTime(from), toDate: postmarkApiTime(to) });
          for (const bounce of page.Bounces) {
            bounces.push({ id: String(bounce.ID), messageId: bounce.MessageID, email: bounce.Email.toLowerCase(), type: bounce.Type, typeCode: bounce.TypeCode, at: new Date(bounce.BouncedAt), description: bounce.Description || null, details: bounce.Details || null });
          }
          // The API serves at most 10,000 by offset: a wider window would need narrower dates.
          if (page.Bounces.length < PAGE || offset + PAGE >= 10_000) break;
        }
      } catch (error) {
        throw troubleFrom(error);
      }
      return bounces;
    },

    async suppressedAddresses() {
      try {
        const dump = await client.getSuppressions(options.stream);
        return new Set(dump.Suppressions.map((entry) => entry.EmailAddress.toLowerCase()));
      } catch (error) {
        throw troubleFrom(error);
      }
    },
  };
}

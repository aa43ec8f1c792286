import { Models, ServerClient } from 'postmark';
import { classifyPostmarkError } from './postmark-error-kind.ts';
import type { MailStream, MailTransport } from './port.ts';

export interface PostmarkTransportOptions {
  serverToken: string;
  /** Postmark message stream ids; every Postmark server starts with "outbound" and "broadcast". */
  streams?: Partial<Record<MailStream, string>>;
  /** A sign-in page waits for the answer: give up well before the visitor does. */
  timeoutSeconds?: number;
  /** Tests point the client at a local stand-in, e.g. "127.0.0.1:4100" without https. */
  requestHost?: string;
  useHttps?: boolean;
  /** Postmark's open and link tracking: off unless the community turned it on (MAIL_TRACK_*). */
  tracking?: MailTracking;
}

/** Tracking sends Postmark who opened what and which links they followed: nothing unless asked for. */
export interface MailTracking {
  opens: boolean;
  links: 'None' | 'HtmlAndText' | 'HtmlOnly' | 'TextOnly';
}

export const NO_TRACKING: MailTracking = { opens: false, links: 'None' };

export function trackingFields(tracking: MailTracking = NO_TRACKING): { TrackOpens: boolean; TrackLinks: Models.LinkTrackingOptions } {
  return { TrackOpens: tracking.opens, TrackLinks: tracking.links as Models.LinkTrackingOptions };
}

const DEFAULT_STREAMS: Record<MailStream, string> = { outbound: 'outbound', broadcast: 'broadcast' };
const PROBE_TIMEOUT_SECONDS = 3;

/** Sends through Postmark's HTTP API with the official client. */
export function createPostmarkTransport(options: PostmarkTransportOptions): MailTransport {
  // Unset keys are left out: an explicit undefined would replace the client's defaults.
  const client = new ServerClient(options.serverToken, {
    timeout: options.timeoutSeconds ?? 10,
    ...(options.requestHost === undefined ? {} : { requestHost: options.requestHost }),
    ...(options.useHttps === undefined ? {} : { useHttps: options.useHttps }),
  });
  // The reachability question is asked while a page waits: a short deadline of its own.
  const probe = new ServerClient(options.serverToken, {
    timeout: PROBE_TIMEOUT_SECONDS,
    ...(options.requestHost === undefined ? {} : { requestHost: options.requestHost }),
    ...(options.useHttps === undefined ? {} : { useHttps: options.useHttps }),
  });
  const streams = { ...DEFAULT_STREAMS, ...options.streams };
  return {
    name: 'postmark',
    async checkReachable() {
      try {
        await probe.getServer();
        return null;
      } catch (error) {
        return classifyPostmarkError(error).kind;
      }
    },
    async deliver(mail, from) {
      // The member id lets an administrator find the message again through Postmark's API (metadata_member).
      const metadata = { ...mail.metadata, ...(mail.memberId === undefined ? {} : { member: mail.memberId }) };
      try {
        const response = await client.sendEmail({
          From: from,
          To: mail.to,
          Subject: mail.subject,
          HtmlBody: mail.html,
          TextBody: mail.text,
          MessageStream: streams[mail.stream],
          Tag: mail.tag,
          Metadata: Object.keys(metadata).length === 0 ? undefined : metadata,
          // No tracking by default: members are not watched, and link tracking would rewrite sign-in links.
          ...trackingFields(options.tracking),
        });
        return { status: 'sent', providerMessageId: response.MessageID };
      } catch (error) {
        return { status: 'failed', ...classifyPostmarkError(error) };
      }
    },
  };
}

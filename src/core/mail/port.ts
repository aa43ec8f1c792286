import type { Locale } from '../i18n/index.ts';

/**
 * Transactional mail (sign-in, self-service renewal) and bulk mail (the renewal
 * campaign) travel separately: providers keep their reputations apart, and bulk
 * mail must offer one-click unsubscribe.
 */
export type MailStream = 'outbound' | 'broadcast';

export interface OutgoingMail {
  to: string;
  memberId?: string;
  /** Which template produced the message, e.g. "sign-in": shown in the outbox. */
  template: string;
  locale: Locale;
  stream: MailStream;
  subject: string;
  html: string;
  text: string;
  tag?: string;
  metadata?: Record<string, string>;
  /** The body holds a live sign-in token or code. */
  carriesSecret: boolean;
}

/**
 * Why a message did not leave. The first two are about the address (the member
 * needs another way in); the next two are worth retrying later; the last two
 * need an administrator.
 */
export type DeliveryErrorKind = 'inactive-recipient' | 'invalid-address' | 'rate-limited' | 'unavailable' | 'rejected' | 'misconfigured';

export type DeliveryResult =
  | { status: 'sent'; providerMessageId: string }
  /** Kept in the outbox for an administrator to read: nothing left the server. */
  | { status: 'held' }
  | { status: 'failed'; kind: DeliveryErrorKind; message: string };

/**
 * One way of carrying mail. `deliver` reports the provider's refusals and
 * outages as a `failed` result instead of rejecting: a sign-in page must answer
 * even when the provider is down. `sendMail` still catches whatever slips
 * through (a bug, a throwing callback).
 */
export interface MailTransport {
  readonly name: string;
  deliver(mail: OutgoingMail, from: string): Promise<DeliveryResult>;
  /**
   * Asks the provider whether it would take mail now, without sending any:
   * null when it answers, else why not. Absent when nothing can fail that
   * way (the outbox).
   */
  checkReachable?(): Promise<DeliveryErrorKind | null>;
}

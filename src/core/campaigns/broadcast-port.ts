import type { CampaignStep } from '../db/schema/campaigns.ts';

/** What identifies one campaign message at the provider: searchable as metadata. */
export interface CampaignMessageKey {
  campaignId: string;
  memberId: string;
  step: CampaignStep;
}

export interface BroadcastMessage {
  key: CampaignMessageKey;
  to: string;
  subject: string;
  html: string;
  text: string;
  tag: string;
}

/** Postmark's answer for one message of a batch: ErrorCode 0 is accepted. */
export type BatchOutcome = { accepted: true; messageId: string } | { accepted: false; errorCode: number; message: string };

/** The whole call failed: nothing can be said about any of its messages unless `notAccepted`. */
export class ProviderTrouble extends Error {
  readonly kind: 'rate-limited' | 'unavailable' | 'misconfigured' | 'rejected';
  /** True when the provider certainly took none of the messages (429, 401, 422 for the batch). */
  readonly notAccepted: boolean;
  constructor(kind: ProviderTrouble['kind'], notAccepted: boolean, message: string) {
    super(message);
    this.name = 'ProviderTrouble';
    this.kind = kind;
    this.notAccepted = notAccepted;
  }
}

export interface ProviderBounce {
  /** Postmark's bounce ID: the event's identity. */
  id: string;
  messageId: string;
  email: string;
  /** HardBounce, SoftBounce, Blocked, DMARCPolicy, SpamComplaint… */
  type: string;
  typeCode: number;
  at: Date;
  /** Postmark's explanation of the type, and the receiving server's answer. */
  description?: string | null;
  details?: string | null;
}

/** The broadcast stream of the mail provider, as the campaign sender uses it. */
export interface BroadcastProvider {
  /** At most 500 messages; one outcome per message, in order. Throws ProviderTrouble. */
  sendBatch(messages: BroadcastMessage[]): Promise<BatchOutcome[]>;
  /** The id of the message the provider holds for this key, if any (the Outbound Messages search). */
  findSent(key: CampaignMessageKey): Promise<string | null>;
  bouncesBetween(from: Date, to: Date): Promise<ProviderBounce[]>;
  /** Addresses the stream will not deliver to (unsubscribed, hard-bounced, complained, suppressed by hand). */
  suppressedAddresses(): Promise<Set<string>>;
}

export const BATCH_LIMIT = 500;
/** Postmark's ErrorCode for an inactive (suppressed) recipient. */
export const INACTIVE_RECIPIENT = 406;

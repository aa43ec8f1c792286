import type { MailEventKind } from '../../db/schema/campaigns.ts';

/**
 * Postmark bounce types (https://postmarkapp.com/developer/api/bounce-api#bounce-types)
 * that count as hard bounces in a bounce rate: the address or the receiving
 * server refuses us for good.
 */
const HARD = new Set(['HardBounce', 'BadEmailAddress', 'Blocked', 'DMARCPolicy']);

/** A receiving domain refusing our mail by policy: its other recipients would be refused too. */
export const DOMAIN_BLOCKING = new Set(['Blocked', 'DMARCPolicy']);

/**
 * SpamComplaint's TypeCode is 100001 in the bounce-type table and the client's
 * enum, 512 in one example of the docs: the type name decides first.
 */
export function bounceEventKind(type: string, typeCode: number): MailEventKind {
  if (type === 'SpamComplaint' || typeCode === 100001) return 'complained';
  return HARD.has(type) ? 'bounced' : 'soft-bounced';
}

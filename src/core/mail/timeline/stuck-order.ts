import type { MailEventKind } from '../../db/schema/campaigns.ts';
import { RECEIVER_KINDS, SILENT_QUARANTINE_RISK, type ReceiverKind } from '../deliverability/receiving-organisation.ts';
import { isProbablyQuarantined } from './quarantine.ts';

/** An invited member who has not renewed, with what is known of the mail they were sent. */
export interface StuckMemberFacts {
  memberId: string;
  email: string;
  name: string | null;
  locale: 'fr' | 'en';
  invitedAt: Date;
  /** A receiver kind (microsoft-365, google…) or the organisation's domain, as campaigns record it. */
  organisation: string;
  /** The latest message that left for the member (null: handed a link, never mailed). */
  lastSent: { at: Date; providerMessageId: string | null; settled: boolean } | null;
  lastEvent: { kind: MailEventKind; at: Date; detail: string | null } | null;
}

/** Why a member is stuck, most urgent first: the order of this list is the order of the view. */
export const STUCK_REASONS = ['refused', 'quarantined-risky', 'quarantined', 'never-mailed', 'waiting', 'delivered'] as const;
export type StuckReason = (typeof STUCK_REASONS)[number];

export interface StuckMember extends StuckMemberFacts {
  reason: StuckReason;
  risky: boolean;
}

/** Organisations recorded as a receiver kind are those kinds; a domain name is its own mail servers or someone else's. */
export function isRiskyReceiver(organisation: string, email: string): boolean {
  if ((RECEIVER_KINDS as readonly string[]).includes(organisation)) return SILENT_QUARANTINE_RISK.has(organisation as ReceiverKind);
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  // An institution receiving its own mail (its own gateway, often Exchange on premises) filters as it pleases.
  return domain === organisation || domain.endsWith(`.${organisation}`);
}

function reasonOf(facts: StuckMemberFacts, risky: boolean, now: Date, quarantineHours: number): StuckReason {
  const kind = facts.lastEvent?.kind;
  if (kind === 'bounced' || kind === 'complained' || kind === 'unsubscribed') return 'refused';
  if (!facts.lastSent) return 'never-mailed';
  const quarantined = isProbablyQuarantined(
    { sentAt: facts.lastSent.at, providerMessageId: facts.lastSent.providerMessageId, events: facts.lastSent.settled ? [{ kind: 'delivered' }] : [] },
    now,
    quarantineHours,
  );
  if (quarantined) return risky ? 'quarantined-risky' : 'quarantined';
  return kind === 'delivered' ? 'delivered' : 'waiting';
}

/**
 * Who needs help first. The order rule: the reason, in STUCK_REASONS order —
 * refused (bounced, complained, unsubscribed: the mail will never arrive),
 * then probably quarantined at a receiver known to quarantine silently
 * (Microsoft 365, own gateways…), then probably quarantined elsewhere, then
 * invited by hand and never mailed, then mail still in its waiting time, then
 * delivered but not acted upon; within a reason, the oldest invitation first
 * (they have waited longest), then the address, so pages are stable.
 */
export function rankStuckMembers(facts: readonly StuckMemberFacts[], now: Date, quarantineHours: number): StuckMember[] {
  const ranked = facts.map((fact) => {
    const risky = isRiskyReceiver(fact.organisation, fact.email);
    return { ...fact, risky, reason: reasonOf(fact, risky, now, quarantineHours) };
  });
  const rank = (reason: StuckReason) => STUCK_REASONS.indexOf(reason);
  return ranked.sort((a, b) => rank(a.reason) - rank(b.reason) || a.invitedAt.getTime() - b.invitedAt.getTime() || a.email.localeCompare(b.email));
}

export interface StuckGroup {
  organisation: string;
  risky: boolean;
  members: StuckMember[];
}

/** One page's members grouped by receiving organisation; groups come in the order of their most urgent member. */
export function groupByOrganisation(ranked: readonly StuckMember[]): StuckGroup[] {
  const groups = new Map<string, StuckGroup>();
  for (const member of ranked) {
    let group = groups.get(member.organisation);
    if (!group) groups.set(member.organisation, (group = { organisation: member.organisation, risky: member.risky, members: [] }));
    group.members.push(member);
  }
  return [...groups.values()];
}

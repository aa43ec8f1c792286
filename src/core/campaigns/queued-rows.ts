import type { campaignRecipients } from '../db/schema/campaigns.ts';
import type { Placed } from './warm-up-plan.ts';

type RecipientRow = typeof campaignRecipients.$inferInsert;

interface Invitee {
  memberId: string;
  email: string;
  domain: string;
  organisation: string;
  locale: 'fr' | 'en';
}

/** The send records of a planned step (the invitation or its reminder): every one queued at its wave's time. */
export function queuedRows(campaignId: string, step: 'invite' | 'reminder', placed: readonly Placed<Invitee>[], now: Date): RecipientRow[] {
  return placed.map(({ recipient, wave, scheduledAt }) => ({
    campaignId,
    memberId: recipient.memberId,
    step,
    email: recipient.email,
    domain: recipient.domain,
    organisation: recipient.organisation,
    locale: recipient.locale,
    wave,
    scheduledAt,
    state: 'queued' as const,
    updatedAt: now,
  }));
}

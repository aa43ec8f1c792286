import { count, desc } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditLog } from '../db/schema/accounts.ts';

/** Who did it: a member's id, the operator at the command line, or Passerelle itself (a campaign that paused itself). */
export type Actor = { memberId: string } | 'cli' | 'system';

export const AUDIT_ACTIONS = [
  'member.added',
  'member.imported',
  'member.disabled',
  'member.enabled',
  'member.role-changed',
  'member.slack-linked',
  'member.sign-in-link-issued',
  /** The member signed in with a link an operator handed over (the issue is audited apart, when it happens). */
  'member.sign-in-link-used',
  'member.renewal-link-issued',
  /** An administrator re-sent the member a sign-in mail. */
  'member.reinvited',
  /** The member renewed their access (their own action; details say what became of Mattermost). */
  'member.renewed',
  /** An administrator renewed for a member their mail never reached (consents at the privacy defaults; the reason in the details). */
  'member.renewed-on-behalf',
  /** An administrator read a message sent to a member back through Postmark (which message, and why). */
  'member.mail-read-back',
  /** An administrator mailed a member's rescue notice to another address they were given (why, and that address's domain). */
  'member.rescue-notice-sent',
  /** An administrator printed a member's rescue notice to hand it over another way. */
  'member.rescue-notice-printed',
  /** An administrator took a member's address off a Postmark suppression list (why, which stream, what Postmark said). */
  'member.suppression-reactivated',
  /** An administrator downloaded the consent register. */
  'consents.exported',
  /** An administrator opened a sign-in message whose code and link were still readable. */
  'member.sign-in-mail-read',
  /** The member's Mattermost account was found or created, and brought in line with their renewal. */
  'member.mattermost-followed',
  /** Mattermost could not be reached or refused Passerelle: the account change waits in the retry queue. */
  'member.mattermost-queued',
  /** An administrator replayed the Mattermost retry queue from the admin area (details: how many changes went through). */
  'mattermost.retry-requested',
  'channel.updated',
  'campaign.created',
  'campaign.started',
  /** Started although the deliverability check failed: the reason is in the details. */
  'campaign.deliverability-overridden',
  'campaign.paused',
  'campaign.resumed',
  'campaign.domain-resumed',
  /** The administrators were mailed that a campaign paused itself (how many, and how many mails failed). */
  'campaign.admins-notified',
  'campaign.test-sent',
  /** The confidentiality incident register (details: the incident's id and its fields; after an edit, the changed fields before and after). */
  'incident.created',
  'incident.updated',
  /** An administrator downloaded the incident register. */
  'incident.register-exported',
  /** An administrator recorded the date of the assessment of communications outside Québec. */
  'privacy.transfer-assessment-recorded',
  /** How the archive names a person changed (details: level, source, and for an administrator the request's date and reason). */
  'person.name-level-changed',
  /** The community's default for people who never had an account (details: on or off). */
  'archive.pseudonymise-default-changed',
  /** A member hid one of their messages, or showed it again (details: channel and ts). */
  'message.hidden',
  'message.shown',
  /** A member downloaded their data (details: how many messages the zip held). */
  'member.data-downloaded',
  /** A member corrected their profile (details: which fields, never their values). */
  'member.profile-rectified',
  /** A member asked to change their address (details: none; the new address is in the pending change). */
  'member.email-change-requested',
  /** The new address confirmed the change (details: the old and new domains only). */
  'member.email-changed',
  /** A request about personal information, handled by hand: recorded, then closed with a note. */
  'data-request.recorded',
  'data-request.closed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

export async function recordAudit(
  db: Db,
  actor: Actor,
  action: AuditAction,
  targetMemberId: string | null,
  details: Record<string, unknown> = {},
  now = new Date(),
): Promise<void> {
  await db.insert(auditLog).values({
    at: now,
    actor: typeof actor === 'string' ? actor : actor.memberId,
    action,
    targetMemberId,
    details: JSON.stringify(details),
  });
}

export async function listAudit(db: Db, page: number, pageSize = 50) {
  const [items, [total]] = await Promise.all([
    db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ value: count() }).from(auditLog),
  ]);
  return { items, total: total?.value ?? 0 };
}

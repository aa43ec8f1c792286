import { and, count, eq, inArray, isNotNull, like, lt, ne, not, notInArray, or, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.ts';
import { auditLog, mattermostAccountQueue, members, sessions, signInChallenges } from '../db/schema/accounts.ts';
import { campaignRecipients, mailEvents } from '../db/schema/campaigns.ts';
import { mailMessages } from '../db/schema/mail.ts';
import { privacyIncidents } from '../db/schema/privacy.ts';
import { consentRegister, memberConsents, renewalLinks } from '../db/schema/renewal.ts';
import { pruneRateLimits } from '../accounts/rate-limit.ts';
import { retentionCutoff, retentionPeriods, type RetentionCategory, type RetentionPolicy } from './retention-policy.ts';

/** How many records of each category the job removed (or, in a dry run, would remove). */
export type RetentionCounts = Record<RetentionCategory, number>;

/** The audit log's entries about the incident register are the register's history: they are kept as long as it is. */
const INCIDENT_AUDIT = 'incident.%';

/** Campaign recipients whose message is still on its way are the sender's, not the record's. */
const RECIPIENT_STATES_IN_FLIGHT = ['queued', 'sending'] as const;

interface Rule {
  table: SQLiteTable;
  where: SQL;
  /** Clear these columns instead of deleting the row (the record stays, its text goes). */
  clear?: Record<string, null>;
}

/** Each category's records that are due at `now`: the conditions the job deletes by and counts by alike. */
function rulesAt(policy: RetentionPolicy, now: number): Record<Exclude<RetentionCategory, 'disabledAccounts'>, Rule[]> {
  const periods = retentionPeriods(policy);
  const cutoff = (category: RetentionCategory) => retentionCutoff(periods[category], now);
  const at = new Date(now);
  return {
    signInCodes: [
      { table: signInChallenges, where: or(lt(signInChallenges.expiresAt, at), isNotNull(signInChallenges.usedAt))! },
      // The mail's record stays with the delivery records; the code and link it carried go with the code.
      {
        table: mailMessages,
        where: and(eq(mailMessages.template, 'sign-in'), lt(mailMessages.createdAt, cutoff('signInCodes')), or(isNotNull(mailMessages.textBody), isNotNull(mailMessages.htmlBody)))!,
        clear: { htmlBody: null, textBody: null },
      },
    ],
    // A session's expiry already holds both its idle and its absolute limit.
    sessions: [{ table: sessions, where: lt(sessions.expiresAt, at) }],
    renewalLinks: [{ table: renewalLinks, where: lt(renewalLinks.expiresAt, at) }],
    mailBodies: [
      {
        table: mailMessages,
        where: and(lt(mailMessages.createdAt, cutoff('mailBodies')), or(isNotNull(mailMessages.textBody), isNotNull(mailMessages.htmlBody)))!,
        clear: { htmlBody: null, textBody: null },
      },
    ],
    deliveryEvents: [
      { table: mailEvents, where: lt(mailEvents.at, cutoff('deliveryEvents')) },
      { table: mailMessages, where: lt(mailMessages.createdAt, cutoff('deliveryEvents')) },
      { table: campaignRecipients, where: and(lt(campaignRecipients.updatedAt, cutoff('deliveryEvents')), notInArray(campaignRecipients.state, [...RECIPIENT_STATES_IN_FLIGHT]))! },
    ],
    auditLog: [
      { table: auditLog, where: and(lt(auditLog.at, cutoff('auditLog')), not(like(auditLog.action, INCIDENT_AUDIT)))! },
      // The register's history goes with the register, never before it.
      { table: auditLog, where: and(lt(auditLog.at, cutoff('incidentRegister')), like(auditLog.action, INCIDENT_AUDIT))! },
    ],
    // Counted from its last change, never earlier than its recording: both come after the community became aware of it.
    incidentRegister: [{ table: privacyIncidents, where: lt(privacyIncidents.updatedAt, cutoff('incidentRegister')) }],
  };
}

async function countWhere(db: Db, rule: Rule): Promise<number> {
  const [row] = await db.select({ value: count() }).from(rule.table).where(rule.where);
  return row?.value ?? 0;
}

async function apply(db: Db, rule: Rule, dryRun: boolean): Promise<number> {
  const due = await countWhere(db, rule);
  if (dryRun || due === 0) return due;
  if (rule.clear) await db.update(rule.table).set(rule.clear).where(rule.where);
  else await db.delete(rule.table).where(rule.where);
  return due;
}

/** Disabled accounts past their period, with what hangs on them; their mails and audit entries follow their own periods. */
async function removeDisabledAccounts(db: Db, policy: RetentionPolicy, now: number, dryRun: boolean): Promise<number> {
  const cutoff = retentionCutoff(retentionPeriods(policy).disabledAccounts, now);
  const due = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.status, 'disabled'), lt(members.updatedAt, cutoff), ne(members.role, 'admin')));
  if (dryRun || due.length === 0) return due.length;
  const ids = due.map((row) => row.id);
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    await db.batch([
      db.delete(sessions).where(inArray(sessions.memberId, chunk)),
      db.delete(signInChallenges).where(inArray(signInChallenges.memberId, chunk)),
      db.delete(renewalLinks).where(inArray(renewalLinks.memberId, chunk)),
      db.delete(mattermostAccountQueue).where(inArray(mattermostAccountQueue.memberId, chunk)),
      db.delete(memberConsents).where(inArray(memberConsents.memberId, chunk)),
      db.delete(consentRegister).where(inArray(consentRegister.memberId, chunk)),
      db.delete(members).where(inArray(members.id, chunk)),
    ]);
  }
  return ids.length;
}

/**
 * Enforces the retention policy once: removes (or clears the text of) what
 * has been kept as long as the privacy page says, and nothing else. A dry run
 * counts the same records without touching them.
 */
export async function runRetention(db: Db, policy: RetentionPolicy, options: { now?: number; dryRun?: boolean } = {}): Promise<RetentionCounts> {
  const now = options.now ?? Date.now();
  const dryRun = options.dryRun ?? false;
  const rules = rulesAt(policy, now);
  const counts = {} as RetentionCounts;
  // Disabled accounts first: their sessions and links then do not count twice.
  counts.disabledAccounts = await removeDisabledAccounts(db, policy, now, dryRun);
  for (const category of Object.keys(rules) as (keyof typeof rules)[]) {
    let total = 0;
    for (const rule of rules[category]) total += await apply(db, rule, dryRun);
    counts[category] = total;
  }
  // Rate-limit counters hold IP addresses for a day; they are housekeeping, not a category of their own.
  if (!dryRun) await pruneRateLimits(db, now);
  return counts;
}

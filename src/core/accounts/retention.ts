import { and, eq, isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { signInChallenges } from '../db/schema/accounts.ts';
import { mailMessages } from '../db/schema/mail.ts';
import type { MailRecord } from '../mail/outbox.ts';
import { pruneRateLimits } from './rate-limit.ts';
import { SIGN_IN_TTL_MS } from './sign-in.ts';
import { deleteExpiredSessions } from './sessions.ts';

/** Sign-in mails written before this instant hold a code and a link that no longer sign anyone in. */
function signInTextCutoff(now: number): Date {
  return new Date(now - SIGN_IN_TTL_MS);
}

/**
 * A mail as an administrator may read it: the text of a sign-in mail is withheld
 * once its code has expired, even before the hourly pruning clears it.
 */
export function readableMail(mail: MailRecord, now = Date.now()): MailRecord {
  const expired = mail.template === 'sign-in' && mail.createdAt < signInTextCutoff(now);
  return expired ? { ...mail, htmlBody: null, textBody: null } : mail;
}

/**
 * Keeps what the privacy policy says is kept, no longer: expired sessions and
 * sign-in challenges go, counters go after a day, and the text of sign-in
 * messages (a code and a link) is cleared once they have expired.
 */
export async function pruneExpiredAccountData(db: Db, now = Date.now()): Promise<void> {
  await deleteExpiredSessions(db, now);
  await db.delete(signInChallenges).where(or(lt(signInChallenges.expiresAt, new Date(now)), isNotNull(signInChallenges.usedAt)));
  await pruneRateLimits(db, now);
  await db
    .update(mailMessages)
    .set({ htmlBody: null, textBody: null })
    .where(and(eq(mailMessages.template, 'sign-in'), lt(mailMessages.createdAt, signInTextCutoff(now)), isNotNull(mailMessages.textBody)));
}

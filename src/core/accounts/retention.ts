import { and, eq, isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { signInChallenges } from '../db/schema/accounts.ts';
import { mailMessages } from '../db/schema/mail.ts';
import { pruneRateLimits } from './rate-limit.ts';
import { SIGN_IN_TTL_MS } from './sign-in.ts';
import { deleteExpiredSessions } from './sessions.ts';


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
    .where(and(eq(mailMessages.template, 'sign-in'), lt(mailMessages.createdAt, new Date(now - SIGN_IN_TTL_MS)), isNotNull(mailMessages.textBody)));
}

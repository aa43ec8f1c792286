import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { mattermostAccountQueue, members } from '../db/schema/accounts.ts';
import type { AccountProgress } from './account-steps.ts';
import type { MattermostError } from './port.ts';

/**
 * Where a member's Mattermost account stands, kept on the member (the link and
 * its state) and, while Mattermost could not follow, in the retry queue. One
 * module writes both, so a done change always leaves the queue.
 */

export type QueuedPasswordChoice = 'set' | 'reset-mail' | 'later';

/** A done change: the account is linked to the member, and nothing waits for it any more. */
export async function recordAccountFollowed(db: Db, memberId: string, progress: AccountProgress & { user: { id: string } }, now: Date): Promise<void> {
  await db.batch([
    db
      .update(members)
      .set({ mattermostUserId: progress.user.id, mattermostState: progress.created ? 'created' : 'linked', updatedAt: now })
      .where(eq(members.id, memberId)),
    db.delete(mattermostAccountQueue).where(eq(mattermostAccountQueue.memberId, memberId)),
  ]);
}

/**
 * A failed change waits, one row per member: a new renewal replaces what an
 * older one asked for; a retry keeps the original time and counts attempts.
 * The account id is kept when a step after finding or creating it failed.
 */
export async function recordAccountQueued(
  db: Db,
  memberId: string,
  change: { choice: QueuedPasswordChoice; progress: AccountProgress; failure: MattermostError; retry: boolean },
  now: Date,
): Promise<void> {
  const lastError = describeFailure(change.failure);
  const linkedId = change.progress.user?.id;
  await db.batch([
    db
      .update(members)
      .set({ mattermostState: 'failed', updatedAt: now, ...(linkedId ? { mattermostUserId: linkedId } : {}) })
      .where(eq(members.id, memberId)),
    change.retry
      ? db
          .update(mattermostAccountQueue)
          .set({
            attempts: sql`${mattermostAccountQueue.attempts} + 1`,
            lastAttemptAt: now,
            lastError,
            // A password that reached Mattermost stays reached: the reset mail is then not needed.
            ...(change.progress.passwordSet ? { passwordSet: true } : {}),
          })
          .where(eq(mattermostAccountQueue.memberId, memberId))
      : db
          .insert(mattermostAccountQueue)
          .values({ memberId, passwordChoice: change.choice, passwordSet: change.progress.passwordSet, queuedAt: now, attempts: 1, lastAttemptAt: now, lastError })
          .onConflictDoUpdate({
            target: mattermostAccountQueue.memberId,
            set: { passwordChoice: change.choice, passwordSet: change.progress.passwordSet, queuedAt: now, attempts: 1, lastAttemptAt: now, lastError },
          }),
  ]);
}

export async function forgetQueuedChange(db: Db, memberId: string): Promise<void> {
  await db.delete(mattermostAccountQueue).where(eq(mattermostAccountQueue.memberId, memberId));
}

/** For administrators and operators: why, since when, how many tries. */
export function describeFailure(failure: MattermostError): string {
  const status = failure.status ? ` (HTTP ${failure.status}${failure.id ? `, ${failure.id}` : ''})` : '';
  return `${failure.kind}: ${failure.message}${status}`.slice(0, 500);
}

export interface QueuedAccountChange {
  memberId: string;
  email: string;
  name: string | null;
  status: 'invited' | 'active' | 'disabled';
  passwordChoice: QueuedPasswordChoice;
  /** True when the member chose a password that never reached Mattermost: the retry sends Mattermost's reset mail instead. */
  passwordBecomesResetMail: boolean;
  queuedAt: Date;
  attempts: number;
  lastAttemptAt: Date;
  lastError: string;
}

/** The retry queue, oldest first, for the administrators' view. */
export async function queuedAccountChanges(db: Db): Promise<QueuedAccountChange[]> {
  const rows = await db
    .select({
      memberId: mattermostAccountQueue.memberId,
      email: members.email,
      name: members.name,
      status: members.status,
      passwordChoice: mattermostAccountQueue.passwordChoice,
      passwordSet: mattermostAccountQueue.passwordSet,
      queuedAt: mattermostAccountQueue.queuedAt,
      attempts: mattermostAccountQueue.attempts,
      lastAttemptAt: mattermostAccountQueue.lastAttemptAt,
      lastError: mattermostAccountQueue.lastError,
    })
    .from(mattermostAccountQueue)
    .innerJoin(members, eq(members.id, mattermostAccountQueue.memberId))
    .orderBy(asc(mattermostAccountQueue.queuedAt), asc(mattermostAccountQueue.memberId));
  return rows.map(({ passwordSet, ...row }) => ({ ...row, passwordBecomesResetMail: row.passwordChoice === 'set' && !passwordSet }));
}

import { asc, eq } from 'drizzle-orm';
import { recordAudit, type Actor } from '../accounts/audit.ts';
import type { Db } from '../db/client.ts';
import { mattermostAccountQueue, members } from '../db/schema/accounts.ts';
import { people } from '../db/schema/archive.ts';
import type { Logger } from '../log.ts';
import { describeFailure, forgetQueuedChange, recordAccountFollowed, recordAccountQueued } from './account-queue.ts';
import { AccountStepFailed, bringAccountInLine, followedDetails } from './account-steps.ts';
import type { MattermostErrorKind, MattermostPort } from './port.ts';

export type RetryResult =
  | {
      memberId: string;
      email: string;
      status: 'done';
      mattermostUserId: string;
      created: boolean;
      reactivated: boolean;
      resetMailSent: boolean;
      /** The member had chosen a password, which is never kept: Mattermost's reset mail went instead. */
      passwordBecameResetMail: boolean;
    }
  | { memberId: string; email: string; status: 'queued'; kind: MattermostErrorKind; reason: string }
  /** Not tried: an earlier change showed Mattermost down or the token refused, and every other would fail the same way. */
  | { memberId: string; email: string; status: 'not-tried' }
  /** Left the queue without a change: the member was disabled since. */
  | { memberId: string; email: string; status: 'dropped'; reason: string };

export interface RetryDeps {
  db: Db;
  mattermost: MattermostPort | null;
  now?: () => Date;
  log: Logger;
  /** Who asked for the retry: the operator at the command line by default. */
  actor?: Actor;
}

/** Failures that say nothing about one account but about Mattermost or the token: the rest of the queue waits. */
const STOPS_THE_RUN = new Set<MattermostErrorKind>(['unavailable', 'timeout', 'unauthorized', 'forbidden']);

/**
 * Replays the queue, oldest first: find or create, reactivate, add to the team.
 * A password can never be replayed (it was never stored): a member who chose one
 * that did not reach Mattermost gets Mattermost's reset mail, and the result says so.
 */
export async function retryQueuedAccountChanges(deps: RetryDeps): Promise<RetryResult[]> {
  const mattermost = deps.mattermost;
  if (!mattermost) throw new Error('Mattermost accounts are not configured: set MATTERMOST_URL, MATTERMOST_TEAM and MATTERMOST_TOKEN');
  const now = deps.now ?? (() => new Date());
  const actor = deps.actor ?? 'cli';
  const log = deps.log.child({ module: 'mattermost' });
  const rows = await deps.db
    .select({
      memberId: mattermostAccountQueue.memberId,
      passwordChoice: mattermostAccountQueue.passwordChoice,
      passwordSet: mattermostAccountQueue.passwordSet,
      email: members.email,
      name: members.name,
      locale: members.locale,
      status: members.status,
      mattermostUserId: members.mattermostUserId,
      slackHandle: people.handle,
    })
    .from(mattermostAccountQueue)
    .innerJoin(members, eq(members.id, mattermostAccountQueue.memberId))
    .leftJoin(people, eq(people.id, members.slackPersonId))
    .orderBy(asc(mattermostAccountQueue.queuedAt), asc(mattermostAccountQueue.memberId));

  const results: RetryResult[] = [];
  let stopped = false;
  for (const row of rows) {
    const { memberId, email } = row;
    if (stopped) {
      results.push({ memberId, email, status: 'not-tried' });
      continue;
    }
    if (row.status === 'disabled') {
      await forgetQueuedChange(deps.db, memberId);
      results.push({ memberId, email, status: 'dropped', reason: 'the member is disabled' });
      continue;
    }
    const passwordBecameResetMail = row.passwordChoice === 'set' && !row.passwordSet;
    const wish = { password: null, resetMail: row.passwordChoice === 'reset-mail' || passwordBecameResetMail };
    try {
      const done = await bringAccountInLine(mattermost, row, wish);
      await recordAccountFollowed(deps.db, memberId, done, now());
      const details = { ...followedDetails(done), retried: true, passwordBecameResetMail };
      await recordAudit(deps.db, actor, 'member.mattermost-followed', memberId, details, now());
      log.info({ memberId, ...details }, 'Queued Mattermost account change done');
      results.push({
        memberId,
        email,
        status: 'done',
        mattermostUserId: done.user.id,
        created: done.created,
        reactivated: done.reactivated,
        resetMailSent: done.resetMailSent,
        passwordBecameResetMail,
      });
    } catch (error) {
      if (!(error instanceof AccountStepFailed)) throw error;
      const { failure, progress } = error;
      await recordAccountQueued(deps.db, memberId, { choice: row.passwordChoice, progress, failure, retry: true }, now());
      log.warn({ memberId, kind: failure.kind, status: failure.status, errorId: failure.id }, 'Queued Mattermost account change failed again');
      results.push({ memberId, email, status: 'queued', kind: failure.kind, reason: describeFailure(failure) });
      stopped = STOPS_THE_RUN.has(failure.kind);
    }
  }
  return results;
}

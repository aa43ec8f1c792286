import { recordAudit } from '../accounts/audit.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { recordAccountFollowed, recordAccountQueued } from './account-queue.ts';
import { AccountStepFailed, bringAccountInLine, followedDetails } from './account-steps.ts';
import type { MattermostErrorKind, MattermostPort, PasswordRule } from './port.ts';

export { queuedAccountChanges, type QueuedAccountChange } from './account-queue.ts';
export { retryQueuedAccountChanges, type RetryResult } from './retry-queue.ts';

/**
 * The Mattermost step of a member's renewal: their account follows (found or
 * created, reactivated, in the team, with the password they chose or
 * Mattermost's reset mail). The password only passes through: it is never
 * stored, logged or audited. When Mattermost cannot follow, the renewal still
 * stands and the account change waits in the retry queue.
 */

export type PasswordChoice = { kind: 'set'; password: string } | { kind: 'reset-mail' } | { kind: 'later' };

export interface RenewingMember {
  id: string;
  email: string;
  name: string | null;
  locale: 'fr' | 'en';
  slackHandle: string | null;
  mattermostUserId: string | null;
}

export type FollowOutcome =
  | {
      status: 'done';
      mattermostUserId: string;
      created: boolean;
      reactivated: boolean;
      passwordSet: boolean;
      resetMailSent: boolean;
      /** The account signs in through this service (e.g. "gitlab", "ldap", "saml"): no password was set or mailed. */
      signsInWith: string | null;
    }
  /** Mattermost refused the password: nothing was changed on the account; the member picks another. */
  | { status: 'password-rejected'; rule: PasswordRule; detail: string }
  /** Mattermost could not be reached or refused us (down, timeout, 401/403/5xx): the account change is queued. */
  | {
      status: 'queued';
      reason: string;
      kind: MattermostErrorKind;
      /** The chosen password reached Mattermost before the failure; otherwise the retry sends Mattermost's reset mail. */
      passwordSet: boolean;
    }
  | { status: 'not-configured' };

export interface FollowRenewalDeps {
  db: Db;
  mattermost: MattermostPort | null;
  now?: () => Date;
  log: Logger;
}

export async function followRenewal(deps: FollowRenewalDeps, member: RenewingMember, choice: PasswordChoice): Promise<FollowOutcome> {
  if (!deps.mattermost) return { status: 'not-configured' };
  const now = deps.now ?? (() => new Date());
  const log = deps.log.child({ module: 'mattermost' });
  const wish = { password: choice.kind === 'set' ? choice.password : null, resetMail: choice.kind === 'reset-mail' };
  try {
    const done = await bringAccountInLine(deps.mattermost, member, wish);
    await recordAccountFollowed(deps.db, member.id, done, now());
    await recordAudit(deps.db, { memberId: member.id }, 'member.mattermost-followed', member.id, followedDetails(done), now());
    log.info({ memberId: member.id, ...followedDetails(done) }, 'Mattermost account followed the renewal');
    return {
      status: 'done',
      mattermostUserId: done.user.id,
      created: done.created,
      reactivated: done.reactivated,
      passwordSet: done.passwordSet,
      resetMailSent: done.resetMailSent,
      signsInWith: done.user.authService || null,
    };
  } catch (error) {
    if (!(error instanceof AccountStepFailed)) throw error;
    const { failure, progress } = error;
    // The password is the first change made: refused, it leaves the account as it was.
    if (failure.kind === 'invalid-password' && !progress.passwordSet) {
      log.info({ memberId: member.id, rule: failure.rule, errorId: failure.id }, 'Mattermost refused the chosen password');
      return { status: 'password-rejected', rule: failure.rule ?? 'other', detail: failure.message };
    }
    await recordAccountQueued(deps.db, member.id, { choice: choice.kind, progress, failure, retry: false }, now());
    await recordAudit(deps.db, { memberId: member.id }, 'member.mattermost-queued', member.id, { kind: failure.kind, status: failure.status, choice: choice.kind, ...followedDetails(progress) }, now());
    log.warn({ memberId: member.id, kind: failure.kind, status: failure.status, errorId: failure.id }, 'Mattermost account change queued');
    return { status: 'queued', reason: failure.message, kind: failure.kind, passwordSet: progress.passwordSet };
  }
}

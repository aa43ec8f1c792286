import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { SentMessage, SentMessageReader } from '../mail/timeline/sent-message-reader.ts';
import { memberMessageId } from '../mail/timeline/member-timeline.ts';
import { sendMail, type SendMailDeps } from '../mail/send-mail.ts';
import { renderRescueNotice, type RescueNoticeKind } from '../mail/templates/rescue-notice.ts';
import { safeError } from '../text/safe-error.ts';
import { recordAudit, type Actor } from './audit.ts';
import { defaultChoices } from './consents.ts';
import { emailSchema, getMember, MemberError, type Member } from './members.ts';
import { completeRenewal, needsRenewal, type RenewalDeps, type RenewalOutcome } from './renewal.ts';
import { issueOperatorRenewalLink, type IssuedRenewalLink } from './renewal-links.ts';

/**
 * The rescue path, for members our mail did not reach: read back what they
 * were sent, hand over a fresh link, renew for them, tell them another way,
 * take their address off a suppression list. Every step needs a reason and
 * leaves who, whom and why in the audit log. There is no step that sets a
 * password: an administrator never chooses one for a member.
 */

export const REASON_MIN = 5;
export const REASON_MAX = 500;

export class RescueError extends Error {
  readonly problem: 'reason' | 'address' | 'not-theirs' | 'renewed' | 'disabled';
  constructor(problem: RescueError['problem'], message: string) {
    super(message);
    this.name = 'RescueError';
    this.problem = problem;
  }
}

/** The reason every rescue step requires, trimmed and bounded; anything shorter is refused. */
export function requireReason(value: string | undefined | null): string {
  const reason = (value ?? '').replace(/\s+/g, ' ').trim();
  if (reason.length < REASON_MIN || reason.length > REASON_MAX) throw new RescueError('reason', `a reason of ${REASON_MIN} to ${REASON_MAX} characters is required`);
  return reason;
}

async function rescuedMember(db: Db, memberId: string): Promise<Member> {
  const member = await getMember(db, memberId);
  if (!member) throw new MemberError('unknown-member', 'no such member');
  if (member.status === 'disabled') throw new RescueError('disabled', `${member.email} is disabled: enable the member first`);
  return member;
}

export type ReadBack = { kind: 'read'; message: SentMessage } | { kind: 'needs-postmark' } | { kind: 'unavailable' };

/**
 * The exact message a member was sent, as Postmark kept it (our copy is not
 * kept: it held a live link). The read is audited before Postmark is asked,
 * so a read that fails halfway is in the log too. Only the member's own
 * messages can be asked for.
 */
export async function readBackMessage(
  deps: { db: Db; reader: SentMessageReader | null; log: Logger },
  actor: Actor,
  memberId: string,
  providerMessageId: string,
  reasonGiven: string | undefined,
  now = new Date(),
): Promise<ReadBack> {
  const reason = requireReason(reasonGiven);
  const member = await getMember(deps.db, memberId);
  if (!member) throw new MemberError('unknown-member', 'no such member');
  if (!deps.reader) return { kind: 'needs-postmark' };
  const messageId = await memberMessageId(deps.db, member.id, providerMessageId);
  if (!messageId) throw new RescueError('not-theirs', 'this message was not sent to this member');
  await recordAudit(deps.db, actor, 'member.mail-read-back', member.id, { messageId, reason }, now);
  try {
    return { kind: 'read', message: await deps.reader.readMessage(messageId) };
  } catch (error) {
    deps.log.warn({ member: member.id, messageId, err: safeError(error) }, 'read-back failed');
    return { kind: 'unavailable' };
  }
}

/** A fresh renewal link to hand over by phone or chat; shown once, its issue audited with the reason. */
export async function issueRescueRenewalLink(db: Db, actor: Actor, memberId: string, reasonGiven: string | undefined, options: { days?: number; now?: Date } = {}): Promise<IssuedRenewalLink> {
  const reason = requireReason(reasonGiven);
  const member = await rescuedMember(db, memberId);
  return issueOperatorRenewalLink(db, actor, member.email, { ...options, reason });
}

/**
 * Renews for the member through the member's own renewal (renewal.ts), with
 * every consent at its privacy default and no password: their Mattermost
 * account follows as in any renewal, and they choose a password there later.
 */
export async function renewOnBehalf(deps: RenewalDeps, actor: Actor, memberId: string, reasonGiven: string | undefined): Promise<RenewalOutcome> {
  const reason = requireReason(reasonGiven);
  const member = await rescuedMember(deps.db, memberId);
  if (!needsRenewal(member)) throw new RescueError('renewed', `${member.email} has already renewed`);
  return completeRenewal(
    deps,
    member.id,
    { name: member.name, locale: member.locale, timeZone: member.timeZone, choices: defaultChoices(), password: deps.follower.enabled ? { kind: 'later' } : null },
    { actor, reason },
  );
}

export interface NoticeDeps {
  db: Db;
  mail: SendMailDeps;
  communityName: string;
  contactEmail: string;
  publicUrl: string;
  timeZone: string;
  signInPath: (locale: Member['locale']) => string;
  accountPath: (locale: Member['locale']) => string;
}

function noticeFor(deps: NoticeDeps, member: Member, now: Date) {
  const kind: RescueNoticeKind = member.renewedAt ? 'renewed' : 'not-renewed';
  return renderRescueNotice({
    locale: member.locale,
    kind,
    communityName: deps.communityName,
    contactEmail: deps.contactEmail,
    signInUrl: `${deps.publicUrl}${deps.signInPath(member.locale)}`,
    accountUrl: `${deps.publicUrl}${deps.accountPath(member.locale)}`,
    publicUrl: deps.publicUrl,
    at: member.renewedAt ?? now,
    timeZone: member.timeZone ?? deps.timeZone,
  });
}

/** The notice, mailed to another address the administrator was given (the member's own does not receive our mail). */
export async function mailRescueNotice(deps: NoticeDeps, actor: Actor, memberId: string, to: string | undefined, reasonGiven: string | undefined, now = new Date()) {
  const reason = requireReason(reasonGiven);
  const address = emailSchema.safeParse(to ?? '');
  if (!address.success) throw new RescueError('address', 'another email address is required');
  const member = await rescuedMember(deps.db, memberId);
  const notice = noticeFor(deps, member, now);
  const result = await sendMail(deps.mail, { to: address.data, memberId: member.id, template: 'rescue-notice', locale: member.locale, stream: 'outbound', subject: notice.subject, html: notice.html, text: notice.text, tag: 'rescue-notice', carriesSecret: false });
  await recordAudit(deps.db, actor, 'member.rescue-notice-sent', member.id, { reason, toDomain: address.data.slice(address.data.lastIndexOf('@') + 1), status: result.status }, now);
  return result;
}

/** The notice as a page to print (or read out), audited like the mailed one. */
export async function printRescueNotice(deps: NoticeDeps, actor: Actor, memberId: string, reasonGiven: string | undefined, now = new Date()) {
  const reason = requireReason(reasonGiven);
  const member = await rescuedMember(deps.db, memberId);
  await recordAudit(deps.db, actor, 'member.rescue-notice-printed', member.id, { reason }, now);
  return { locale: member.locale, ...noticeFor(deps, member, now) };
}

/** Takes the member's address off a stream's suppression list (they fixed their mailbox), audited with Postmark's answer. */
export async function reactivateSuppressedAddress(
  deps: { db: Db; reader: SentMessageReader | null },
  actor: Actor,
  memberId: string,
  stream: string,
  reasonGiven: string | undefined,
  now = new Date(),
): Promise<'reactivated' | 'refused' | 'needs-postmark'> {
  const reason = requireReason(reasonGiven);
  const member = await rescuedMember(deps.db, memberId);
  if (!deps.reader) return 'needs-postmark';
  const outcome = await deps.reader.reactivate(stream, member.email);
  await recordAudit(deps.db, actor, 'member.suppression-reactivated', member.id, { reason, stream, outcome }, now);
  return outcome;
}

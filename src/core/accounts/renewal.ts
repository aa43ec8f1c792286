import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { members } from '../db/schema/accounts.ts';
import { people } from '../db/schema/archive.ts';
import type { Locale } from '../i18n/index.ts';
import type { Logger } from '../log.ts';
import { sendMail, type SendMailDeps } from '../mail/send-mail.ts';
import { renderRenewalConfirmedMail, type MattermostNote } from '../mail/templates/renewal-confirmed.ts';
import type { SearchEngine } from '../search/port.ts';
import { isTimeZone } from '../time/time-zones.ts';
import { recordAudit, type Actor } from './audit.ts';
import { applyConsentChanges } from './consent-effects.ts';
import { recordConsents, type ConsentChoices } from './consents.ts';
import { getMember, type Member } from './members.ts';
import type { AccountFollower, FollowOutcome, PasswordChoice, RenewingMember } from './renewal-follow.ts';

export interface RenewalDeps {
  db: Db;
  mail: SendMailDeps;
  search: Pick<SearchEngine, 'sync'> | null;
  follower: AccountFollower;
  log: Logger;
  communityName: string;
  contactEmail: string;
  publicUrl: string;
  /** The account page's path in a language, for the confirmation mail. */
  accountPath: (locale: Locale) => string;
  now?: () => Date;
}

/** The renewal form, parsed: plain typed data. `password` is null when Mattermost is not managed from here. */
export interface RenewalAnswers {
  name: string | null;
  locale: Locale;
  timeZone: string | null;
  choices: ConsentChoices;
  password: PasswordChoice | null;
}

export type RenewalOutcome =
  | { kind: 'renewed'; mattermost: FollowOutcome; note: MattermostNote }
  /** Mattermost refused the password: nothing was saved, the form comes back with the rule. */
  | { kind: 'password-rejected'; rule: Extract<FollowOutcome, { status: 'password-rejected' }>['rule'] }
  | { kind: 'invalid'; problem: 'time-zone' };

/** Invited members who signed in some other way are active already; renewal is its own date. */
export function needsRenewal(member: Pick<Member, 'renewedAt' | 'status'>): boolean {
  return member.renewedAt === null && member.status !== 'disabled';
}

async function renewingMember(db: Db, member: Member, answers: RenewalAnswers): Promise<RenewingMember> {
  const [person] = member.slackPersonId ? await db.select({ handle: people.handle }).from(people).where(eq(people.id, member.slackPersonId)).limit(1) : [];
  return { id: member.id, email: member.email, name: answers.name, locale: answers.locale, slackHandle: person?.handle ?? null, mattermostUserId: member.mattermostUserId };
}

/**
 * What the member is told about their Mattermost account, on the page and in
 * the mail: one reading of every outcome field. A queued password was never
 * kept, so the retry sends Mattermost's reset mail instead, and the member is told.
 */
export function mattermostNote(outcome: FollowOutcome, choice: PasswordChoice['kind'] | null): MattermostNote {
  switch (outcome.status) {
    case 'done':
      if (outcome.signsInWith) return 'sso';
      return outcome.resetMailSent ? 'reset-mail' : 'done';
    case 'queued':
      if (outcome.passwordSet) return 'queued-password-set';
      return choice === 'set' || choice === 'reset-mail' ? 'queued-reset-mail' : 'queued';
    case 'password-rejected':
    case 'not-configured':
      return 'direct';
  }
}

/**
 * The member's side of renewal: the Mattermost step first (a refused password
 * sends the form back before anything is saved), then in one go the profile,
 * `active` with the renewal date, and each choice in the consent register; then
 * what the choices change (search) and a confirmation mail in their language.
 * Mattermost being down does not stop a renewal: the step is queued and retried.
 * The password goes to the follower only: never to a log, the audit or the database.
 * `onBehalf`: an administrator renews for the member (see rescue.ts).
 */
export async function completeRenewal(deps: RenewalDeps, memberId: string, answers: RenewalAnswers, onBehalf?: { actor: Actor; reason: string }): Promise<RenewalOutcome> {
  const now = deps.now?.() ?? new Date();
  if (answers.timeZone !== null && !isTimeZone(answers.timeZone)) return { kind: 'invalid', problem: 'time-zone' };
  const member = await getMember(deps.db, memberId);
  if (!member || member.status === 'disabled') throw new Error('only an enabled member renews');

  const mattermost: FollowOutcome =
    deps.follower.enabled && answers.password ? await deps.follower.follow(await renewingMember(deps.db, member, answers), answers.password) : { status: 'not-configured' };
  if (mattermost.status === 'password-rejected') return { kind: 'password-rejected', rule: mattermost.rule };

  await deps.db
    .update(members)
    .set({ name: answers.name, locale: answers.locale, timeZone: answers.timeZone, status: 'active', renewedAt: now, updatedAt: now })
    .where(eq(members.id, member.id));
  const changed = await recordConsents(deps.db, member.id, answers.choices, 'renewal', now);
  // An administrator's renewal is theirs in the log, with why: the member did not choose anything.
  if (onBehalf) await recordAudit(deps.db, onBehalf.actor, 'member.renewed-on-behalf', member.id, { reason: onBehalf.reason, mattermost: mattermost.status, consentsChanged: changed }, now);
  else await recordAudit(deps.db, { memberId: member.id }, 'member.renewed', member.id, { mattermost: mattermost.status, consentsChanged: changed }, now);
  await applyConsentChanges({ db: deps.db, search: deps.search, log: deps.log }, member, changed);
  deps.log.info({ member: member.id, mattermost: mattermost.status }, 'member renewed');

  const note = mattermostNote(mattermost, answers.password?.kind ?? null);
  const content = renderRenewalConfirmedMail({
    locale: answers.locale,
    communityName: deps.communityName,
    contactEmail: deps.contactEmail,
    accountUrl: `${deps.publicUrl}${deps.accountPath(answers.locale)}`,
    mattermost: note,
    publicUrl: deps.publicUrl,
  });
  await sendMail(deps.mail, { to: member.email, memberId: member.id, template: 'renewal-confirmed', locale: answers.locale, stream: 'outbound', ...content, tag: 'renewal-confirmed', carriesSecret: false });
  return { kind: 'renewed', mattermost, note };
}

import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, members } from '../db/schema/accounts.ts';
import { mailMessages } from '../db/schema/mail.ts';
import { consentRegister } from '../db/schema/renewal.ts';
import { createOutboxTransport } from '../mail/outbox-transport.ts';
import { route } from '../routes.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { captureLog } from '../../../tests/support/capture-log.ts';
import { currentConsents, defaultChoices } from './consents.ts';
import { addMember, getMember, type Member } from './members.ts';
import { completeRenewal, needsRenewal, type RenewalAnswers, type RenewalDeps } from './renewal.ts';
import type { AccountFollower, FollowOutcome, PasswordChoice, RenewingMember } from './renewal-follow.ts';

const NOW = new Date(Date.UTC(2026, 10, 3, 14, 0, 0));
const PASSWORD = 'correct-horse-battery-7';
let database: Awaited<ReturnType<typeof openTempDatabase>>;
let member: Member;
let logged: ReturnType<typeof captureLog>;

/** Stands in for the Mattermost step: answers what the test says and remembers what it was handed. */
function fakeFollower(outcome: FollowOutcome, enabled = true): AccountFollower & { calls: [RenewingMember, PasswordChoice][] } {
  const calls: [RenewingMember, PasswordChoice][] = [];
  return { enabled, calls, follow: async (who, choice) => (calls.push([who, choice]), outcome) };
}

function depsWith(follower: AccountFollower): RenewalDeps {
  const db = database.db;
  return {
    db,
    mail: { db, transport: createOutboxTransport(), from: 'Collectif <bonjour@example.org>', keepSecretBodies: false },
    search: null,
    follower,
    log: logged.log,
    communityName: 'Collectif',
    contactEmail: 'bonjour@example.org',
    publicUrl: 'https://portail.example.org',
    accountPath: (locale) => route('account', locale),
    now: () => NOW,
  };
}

const answers = (overrides: Partial<RenewalAnswers> = {}): RenewalAnswers => ({
  name: 'Élise Côté',
  locale: 'en',
  timeZone: 'America/Vancouver',
  choices: { ...defaultChoices(), 'show-name': true },
  password: { kind: 'set', password: PASSWORD },
  ...overrides,
});

const DONE: FollowOutcome = { status: 'done', mattermostUserId: 'mm1', created: true, reactivated: false, passwordSet: true, resetMailSent: false, signsInWith: null };

const QUEUED: FollowOutcome = { status: 'queued', reason: 'connection refused', kind: 'unavailable', passwordSet: false };

beforeEach(async () => {
  database = await openTempDatabase();
  logged = captureLog();
  member = await addMember(database.db, 'cli', { email: 'elise@example.org', locale: 'fr' }, NOW);
});
afterEach(() => database.dispose());

/** Everything the renewal may have written, as text: a password must appear nowhere. */
async function everythingStored(): Promise<string> {
  const dump = [];
  for (const table of ['members', 'audit_log', 'consent_register', 'member_consents', 'mail_messages', 'renewal_links', 'sessions']) {
    dump.push(JSON.stringify((await database.client.execute(`SELECT * FROM ${table}`)).rows));
  }
  return dump.join('\n');
}

describe('completing a renewal', () => {
  it('renews the member: profile, active, dated, each choice in the register, a confirmation in their new language', async () => {
    const follower = fakeFollower(DONE);
    const outcome = await completeRenewal(depsWith(follower), member.id, answers());
    expect(outcome).toEqual({ kind: 'renewed', mattermost: DONE, note: 'done' });
    const renewed = (await getMember(database.db, member.id))!;
    expect(renewed).toMatchObject({ name: 'Élise Côté', locale: 'en', timeZone: 'America/Vancouver', status: 'active', renewedAt: NOW });
    expect(needsRenewal(renewed)).toBe(false);
    expect(await currentConsents(database.db, member.id)).toEqual({
      'account-mail': { granted: true, version: 1, at: NOW },
      'show-name': { granted: true, version: 1, at: NOW },
      'include-in-search': { granted: false, version: 1, at: NOW },
      'community-news': { granted: false, version: 1, at: NOW },
    });
    expect(await database.db.select().from(consentRegister)).toHaveLength(4);
    const [mail] = await database.db.select().from(mailMessages);
    expect(mail).toMatchObject({ recipient: 'elise@example.org', template: 'renewal-confirmed', locale: 'en', stream: 'outbound', subject: 'Your access to Collectif is renewed' });
    expect(mail!.textBody).toContain('Your Mattermost account is ready.');
    expect(mail!.textBody).toContain('https://portail.example.org/en/account');
    expect(follower.calls).toEqual([[{ id: member.id, email: 'elise@example.org', name: 'Élise Côté', locale: 'en', slackHandle: null, mattermostUserId: null }, { kind: 'set', password: PASSWORD }]]);
    expect(await everythingStored()).not.toContain(PASSWORD);
    expect(logged.output()).not.toContain(PASSWORD);
  });

  it('saves nothing when Mattermost refuses the password, and says which rule', async () => {
    const outcome = await completeRenewal(depsWith(fakeFollower({ status: 'password-rejected', rule: 'min-length', detail: 'model.user.is_valid.pwd_min_length.app_error' })), member.id, answers());
    expect(outcome).toEqual({ kind: 'password-rejected', rule: 'min-length' });
    expect((await getMember(database.db, member.id))!).toMatchObject({ renewedAt: null, name: null, locale: 'fr' });
    expect(await database.db.select().from(consentRegister)).toEqual([]);
    expect(await database.db.select().from(mailMessages)).toEqual([]);
    expect(await everythingStored()).not.toContain(PASSWORD);
  });

  it('completes when Mattermost is down (the step is queued), and the mail says it will follow', async () => {
    const outcome = await completeRenewal(depsWith(fakeFollower(QUEUED)), member.id, answers({ locale: 'fr', password: { kind: 'later' } }));
    expect(outcome).toMatchObject({ kind: 'renewed', mattermost: { status: 'queued' }, note: 'queued' });
    expect((await getMember(database.db, member.id))!.renewedAt).toEqual(NOW);
    const [mail] = await database.db.select().from(mailMessages);
    expect(mail!.textBody).toContain('Votre compte Mattermost sera mis à jour dès que Mattermost répondra');
  });

  it('tells a member whose password did not reach Mattermost that its reset mail will come instead', async () => {
    const outcome = await completeRenewal(depsWith(fakeFollower(QUEUED)), member.id, answers({ locale: 'fr' }));
    expect(outcome).toMatchObject({ kind: 'renewed', note: 'queued-reset-mail' });
    const [mail] = await database.db.select().from(mailMessages);
    expect(mail!.textBody).toContain('votre mot de passe n’a pas été conservé');
  });

  it('tells a member whose password was set before Mattermost stopped answering that it is set', async () => {
    const outcome = await completeRenewal(depsWith(fakeFollower({ ...QUEUED, passwordSet: true })), member.id, answers());
    expect(outcome).toMatchObject({ kind: 'renewed', note: 'queued-password-set' });
    const [mail] = await database.db.select().from(mailMessages);
    expect(mail!.textBody).toContain('Your Mattermost password is set; the rest of your account will be updated');
  });

  it('says no password was set for an account that signs in through single sign-on', async () => {
    const outcome = await completeRenewal(depsWith(fakeFollower({ ...DONE, passwordSet: false, signsInWith: 'gitlab' })), member.id, answers());
    expect(outcome).toMatchObject({ kind: 'renewed', note: 'sso' });
    const [mail] = await database.db.select().from(mailMessages);
    expect(mail!.textBody).toContain('single sign-on (SSO, LDAP or SAML): no password was chosen here');
  });

  it('hands Mattermost the account id already linked to the member', async () => {
    await database.db.update(members).set({ mattermostUserId: 'mm-linked' }).where(eq(members.id, member.id));
    const follower = fakeFollower(DONE);
    await completeRenewal(depsWith(follower), member.id, answers());
    expect(follower.calls[0]![0].mattermostUserId).toBe('mm-linked');
  });

  it('asks nothing of Mattermost when it is not managed from here, and the mail says to set the password there', async () => {
    const follower = fakeFollower(DONE, false);
    const outcome = await completeRenewal(depsWith(follower), member.id, answers({ password: null }));
    expect(outcome).toEqual({ kind: 'renewed', mattermost: { status: 'not-configured' }, note: 'direct' });
    expect(follower.calls).toEqual([]);
    const [mail] = await database.db.select().from(mailMessages);
    expect(mail!.textBody).toContain('You set your Mattermost password in Mattermost directly.');
  });

  it('mentions Mattermost’s reset mail when the member asked for it', async () => {
    await completeRenewal(depsWith(fakeFollower({ ...DONE, passwordSet: false, resetMailSent: true })), member.id, answers({ password: { kind: 'reset-mail' } }));
    const [mail] = await database.db.select().from(mailMessages);
    expect(mail!.textBody).toContain('Mattermost is sending you an email to choose your password.');
  });

  it('refuses an unknown time zone before asking Mattermost anything', async () => {
    const follower = fakeFollower(DONE);
    expect(await completeRenewal(depsWith(follower), member.id, answers({ timeZone: 'Mars/Olympus' }))).toEqual({ kind: 'invalid', problem: 'time-zone' });
    expect(follower.calls).toEqual([]);
    expect((await getMember(database.db, member.id))!.renewedAt).toBeNull();
  });

  it('is in the audit log as the member’s own act, with what became of Mattermost', async () => {
    await completeRenewal(depsWith(fakeFollower({ ...QUEUED, reason: 'timeout', kind: 'timeout' })), member.id, answers());
    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'member.renewed'));
    expect(entry).toMatchObject({ actor: member.id, targetMemberId: member.id });
    expect(JSON.parse(entry!.details!)).toMatchObject({ mattermost: 'queued' });
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureLog } from '../../../tests/support/capture-log.ts';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../../tests/stand-ins/postmark.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { auditLog, members } from '../db/schema/accounts.ts';
import { campaignRecipients } from '../db/schema/campaigns.ts';
import { mailMessages } from '../db/schema/mail.ts';
import { memberConsents } from '../db/schema/renewal.ts';
import { createOutboxTransport } from '../mail/outbox-transport.ts';
import { createPostmarkTransport } from '../mail/postmark-transport.ts';
import { sendMail } from '../mail/send-mail.ts';
import { createPostmarkReader, type SentMessageReader } from '../mail/timeline/sent-message-reader.ts';
import { route } from '../routes.ts';
import { defaultChoices } from './consents.ts';
import { addMember, getMember, type Member } from './members.ts';
import type { RenewalDeps } from './renewal.ts';
import type { AccountFollower, PasswordChoice } from './renewal-follow.ts';
import * as rescue from './rescue.ts';
import { issueRescueRenewalLink, mailRescueNotice, printRescueNotice, reactivateSuppressedAddress, readBackMessage, renewOnBehalf, requireReason, type NoticeDeps } from './rescue.ts';

const TOKEN = 'server-token-that-must-stay-on-the-server';
const NOW = new Date('2026-11-25T12:00:00Z');
const REASON = 'Exchange quarantines our mail; member called us';
let postmark: PostmarkStandIn;
let reader: SentMessageReader;
let database: Awaited<ReturnType<typeof openTempDatabase>>;
let admin: Member;
let member: Member;
let logged: ReturnType<typeof captureLog>;

beforeAll(async () => {
  postmark = await startPostmarkStandIn({ token: TOKEN });
  reader = createPostmarkReader({ serverToken: TOKEN, apiHost: { requestHost: postmark.host, useHttps: false } });
});
afterAll(() => postmark.close());
beforeEach(async () => {
  database = await openTempDatabase();
  logged = captureLog();
  admin = await addMember(database.db, 'cli', { email: 'admin@example.org', role: 'admin' }, NOW);
  member = await addMember(database.db, 'cli', { email: 'elise@ulaval.ca', locale: 'en' }, NOW);
  await database.db.update(members).set({ renewalInvitedAt: NOW }).where(eq(members.id, member.id));
});
afterEach(() => database.dispose());

const actor = () => ({ memberId: admin.id });
const audits = async () => (await database.db.select().from(auditLog).where(eq(auditLog.actor, admin.id))).map((row) => ({ action: row.action, target: row.targetMemberId, details: JSON.parse(row.details ?? '{}') as Record<string, unknown> }));

/** A message really sent through the stand-in, as the member's invitation would be: its id is what the timeline holds. */
async function sentInvitation(): Promise<string> {
  const mail = { db: database.db, transport: createPostmarkTransport({ serverToken: TOKEN, requestHost: postmark.host, useHttps: false }), from: 'Collectif <bonjour@example.org>', keepSecretBodies: false };
  const result = await sendMail(mail, { to: member.email, memberId: member.id, template: 'sign-in', locale: 'en', stream: 'outbound', subject: 'Renew your access', html: '<p>Renew: <a href="https://portail.example.org/en/renewal?token=live">here</a></p><script>alert(1)</script>', text: 'Renew: https://portail.example.org/en/renewal?token=live', carriesSecret: true });
  if (result.status !== 'sent') throw new Error('the stand-in refused the message');
  return result.providerMessageId;
}

function follower(): AccountFollower & { choices: PasswordChoice[] } {
  const choices: PasswordChoice[] = [];
  return { enabled: true, choices, follow: async (_who, choice) => (choices.push(choice), { status: 'done', mattermostUserId: 'mm1', created: true, reactivated: false, passwordSet: false, resetMailSent: false, signsInWith: null }) };
}

function renewalDeps(accountFollower: AccountFollower): RenewalDeps {
  const db = database.db;
  return { db, mail: { db, transport: createOutboxTransport(), from: 'bonjour@example.org', keepSecretBodies: false }, search: null, follower: accountFollower, log: logged.log, communityName: 'Collectif', contactEmail: 'bonjour@example.org', publicUrl: 'https://portail.example.org', accountPath: (locale) => route('account', locale), now: () => NOW };
}

function noticeDeps(): NoticeDeps {
  const db = database.db;
  return { db, mail: { db, transport: createOutboxTransport(), from: 'bonjour@example.org', keepSecretBodies: false }, communityName: 'Collectif', contactEmail: 'bonjour@example.org', publicUrl: 'https://portail.example.org', timeZone: 'America/Toronto', signInPath: (locale) => route('signIn', locale), accountPath: (locale) => route('account', locale) };
}

describe('the reason every rescue step requires', () => {
  it('refuses a missing, blank or too short reason, and trims a good one', () => {
    for (const bad of [undefined, null, '', '    ', 'abc', 'x'.repeat(501)]) expect(() => requireReason(bad)).toThrow(rescue.RescueError);
    expect(requireReason('  member  called \n us ')).toBe('member called us');
  });

  it('stops every step before it does anything or writes anything', async () => {
    const messageId = await sentInvitation();
    const before = postmark.requests.length;
    await expect(readBackMessage({ db: database.db, reader, log: logged.log }, actor(), member.id, messageId, '')).rejects.toThrow(/reason/);
    await expect(issueRescueRenewalLink(database.db, actor(), member.id, ' ')).rejects.toThrow(/reason/);
    await expect(renewOnBehalf(renewalDeps(follower()), actor(), member.id, undefined)).rejects.toThrow(/reason/);
    await expect(mailRescueNotice(noticeDeps(), actor(), member.id, 'elise@gmail.com', 'no')).rejects.toThrow(/reason/);
    await expect(printRescueNotice(noticeDeps(), actor(), member.id, '')).rejects.toThrow(/reason/);
    await expect(reactivateSuppressedAddress({ db: database.db, reader }, actor(), member.id, 'outbound', '')).rejects.toThrow(/reason/);
    expect(postmark.requests.length).toBe(before);
    expect(await audits()).toEqual([]);
    expect((await getMember(database.db, member.id))!.renewedAt).toBeNull();
  });
});

describe('reading a sent message back', () => {
  it('reads the exact message through the official client and audits who read what and why', async () => {
    const messageId = await sentInvitation();
    const read = await readBackMessage({ db: database.db, reader, log: logged.log }, actor(), member.id, messageId, REASON, NOW);
    expect(read.kind).toBe('read');
    if (read.kind !== 'read') return;
    expect(read.message.textBody).toBe('Renew: https://portail.example.org/en/renewal?token=live');
    expect(read.message.htmlBody).toContain('token=live');
    expect(await audits()).toEqual([{ action: 'member.mail-read-back', target: member.id, details: { messageId, reason: REASON } }]);
    // What goes back to a page never carries the server token.
    expect(JSON.stringify(read)).not.toContain(TOKEN);
    expect(postmark.violations).toEqual([]);
  });

  it("audits a read even when Postmark no longer has the message, and refuses someone else's message", async () => {
    const messageId = await sentInvitation();
    await database.db.insert(campaignRecipients).values({ campaignId: 'c1', memberId: member.id, step: 'invite', email: member.email, domain: 'ulaval.ca', organisation: 'microsoft-365', locale: 'en', wave: 0, scheduledAt: NOW, state: 'sent', sentAt: NOW, providerMessageId: '44444444-4444-4444-8444-444444444444', updatedAt: NOW });
    const gone = await readBackMessage({ db: database.db, reader, log: logged.log }, actor(), member.id, '44444444-4444-4444-8444-444444444444', REASON, NOW);
    expect(gone.kind).toBe('unavailable');
    expect((await audits()).map((entry) => entry.action)).toEqual(['member.mail-read-back']);
    const other = await addMember(database.db, 'cli', { email: 'autre@example.org' }, NOW);
    await expect(readBackMessage({ db: database.db, reader, log: logged.log }, actor(), other.id, messageId, REASON)).rejects.toThrow(/not sent to this member/);
    expect((await audits()).length).toBe(1);
  });

  it('says it needs Postmark when mail stays in the outbox, and asks nothing', async () => {
    const read = await readBackMessage({ db: database.db, reader: null, log: logged.log }, actor(), member.id, 'whatever', REASON);
    expect(read).toEqual({ kind: 'needs-postmark' });
  });
});

describe('handing over, renewing, telling', () => {
  it('issues a fresh renewal link, audited with the reason', async () => {
    const issued = await issueRescueRenewalLink(database.db, actor(), member.id, REASON, { now: NOW });
    expect(issued.path).toMatch(/^\/en\/renewal\?token=/);
    expect(await audits()).toEqual([{ action: 'member.renewal-link-issued', target: member.id, details: { expiresAt: issued.expiresAt.toISOString(), reason: REASON } }]);
  });

  it('renews on the member’s behalf with every consent at its privacy default and no password, audited as the administrator’s act', async () => {
    const mattermost = follower();
    const outcome = await renewOnBehalf(renewalDeps(mattermost), actor(), member.id, REASON);
    expect(outcome.kind).toBe('renewed');
    expect((await getMember(database.db, member.id))!.renewedAt).toEqual(NOW);
    const consents = await database.db.select().from(memberConsents).where(eq(memberConsents.memberId, member.id));
    expect(Object.fromEntries(consents.map((row) => [row.purpose, row.granted]))).toEqual(defaultChoices());
    // The Mattermost account follows, and no password is ever chosen for the member.
    expect(mattermost.choices).toEqual([{ kind: 'later' }]);
    expect(await audits()).toEqual([{ action: 'member.renewed-on-behalf', target: member.id, details: expect.objectContaining({ reason: REASON, mattermost: 'done' }) }]);
    await expect(renewOnBehalf(renewalDeps(mattermost), actor(), member.id, REASON)).rejects.toThrow(/already renewed/);
  });

  it('offers no step that sets a password', () => {
    expect(Object.keys(rescue).filter((name) => /password/i.test(name))).toEqual([]);
  });

  it('mails the notice in the member’s language to the address given, audited without the address itself', async () => {
    await renewOnBehalf(renewalDeps(follower()), actor(), member.id, REASON);
    const result = await mailRescueNotice(noticeDeps(), actor(), member.id, 'Elise.Perso@gmail.com', REASON, NOW);
    expect(result.status).toBe('held');
    const [notice] = await database.db.select().from(mailMessages).where(eq(mailMessages.template, 'rescue-notice'));
    expect(notice!.recipient).toBe('elise.perso@gmail.com');
    expect(notice!.textBody).toContain('renewed your access on your behalf');
    expect(notice!.textBody).toContain('https://portail.example.org/en/account');
    expect((await audits()).at(-1)).toEqual({ action: 'member.rescue-notice-sent', target: member.id, details: { reason: REASON, toDomain: 'gmail.com', status: 'held' } });
    await expect(mailRescueNotice(noticeDeps(), actor(), member.id, 'not an address', REASON)).rejects.toThrow(/address/);
  });

  it('prints the notice in French for a French member who has not renewed, audited', async () => {
    await database.db.update(members).set({ locale: 'fr' }).where(eq(members.id, member.id));
    const printed = await printRescueNotice(noticeDeps(), actor(), member.id, REASON, NOW);
    expect(printed.locale).toBe('fr');
    expect(printed.lines.join('\n')).toContain('https://portail.example.org/fr/connexion');
    expect(await audits()).toEqual([{ action: 'member.rescue-notice-printed', target: member.id, details: { reason: REASON } }]);
  });
});

describe('reactivating a suppressed address', () => {
  it('deletes the suppression through the official client and audits what Postmark answered', async () => {
    postmark.suppressions.push({ stream: 'broadcast', email: member.email, reason: 'HardBounce' });
    expect(await reactivateSuppressedAddress({ db: database.db, reader }, actor(), member.id, 'broadcast', REASON, NOW)).toBe('reactivated');
    expect(postmark.suppressions.filter((entry) => entry.email === member.email)).toEqual([]);
    postmark.suppressions.push({ stream: 'broadcast', email: member.email, reason: 'SpamComplaint' });
    expect(await reactivateSuppressedAddress({ db: database.db, reader }, actor(), member.id, 'broadcast', REASON, NOW)).toBe('refused');
    expect((await audits()).map((entry) => entry.details)).toEqual([
      { reason: REASON, stream: 'broadcast', outcome: 'reactivated' },
      { reason: REASON, stream: 'broadcast', outcome: 'refused' },
    ]);
    expect(postmark.violations).toEqual([]);
    postmark.suppressions.length = 0;
  });
});

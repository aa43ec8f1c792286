import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/client.ts';
import { auditLog, signInChallenges } from '../db/schema/accounts.ts';
import { mailMessages } from '../db/schema/mail.ts';
import type { Locale } from '../i18n/index.ts';
import { recentMailTrouble } from '../mail/mail-trouble.ts';
import { createOutboxTransport } from '../mail/outbox-transport.ts';
import type { MailTransport, OutgoingMail } from '../mail/port.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { route } from '../routes.ts';
import { addMember, getMember, setMemberEnabled, type Member } from './members.ts';
import { hashSecret } from './secrets.ts';
import {
  consumeSignInLink,
  isSignInLinkUsable,
  issueOperatorSignInLink,
  OPERATOR_LINK_TTL_MS,
  requestSignIn,
  safeNextPath,
  SIGN_IN_TTL_MS,
  verifySignInCode,
  type SignInDeps,
} from './sign-in.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** 09:20 UTC; a challenge made then expires at 09:35. */
const NOW = Date.UTC(2025, 2, 10, 9, 20, 0);
/** Limits count over the window before each request: the first event, at NOW, leaves them then. */
const HOUR_LATER = NOW + 60 * 60_000;
const QUARTER_LATER = NOW + 15 * 60_000;
const PUBLIC_URL = 'https://portail.example.org';
const CHALLENGE_ID = /^[A-Za-z0-9_-]{20}$/;

function depsFor(db: Db, transport: MailTransport = createOutboxTransport(), publicUrl = PUBLIC_URL): SignInDeps {
  return {
    db,
    mail: { db, transport, from: 'Passerelle <noreply@example.org>', keepSecretBodies: true, now: () => new Date(NOW) },
    publicUrl,
    communityName: 'Collectif',
    linkPath: (locale: Locale) => route('signInLink', locale),
  };
}

describe('sign-in', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let deps: SignInDeps;
  let member: Member;

  beforeEach(async () => {
    database = await openTempDatabase();
    deps = depsFor(database.db);
    member = await addMember(database.db, 'cli', { email: 'ana@example.org', name: 'Ana' }, new Date(NOW - HOUR));
  });
  afterEach(() => database.dispose());

  let ipCounter = 0;
  /** A fresh client address each time, so only the limit under test can bite. */
  function freshIp(): string {
    ipCounter += 1;
    return `2001:db8::${ipCounter.toString(16)}`;
  }

  /** The outcome once the provider has answered (pages do not wait for it), without the delivery itself. */
  async function request(email = 'ana@example.org', options: { ip?: string; next?: string | null; now?: number; locale?: Locale } = {}) {
    const outcome = await requestSignIn(deps, { email, locale: options.locale ?? 'fr', ip: options.ip ?? freshIp(), next: options.next }, options.now ?? NOW);
    if (outcome.kind !== 'sent') return outcome;
    const { delivery, ...rest } = outcome;
    await delivery;
    return rest;
  }

  async function mailRows() {
    return database.db.select().from(mailMessages).orderBy(sql`rowid`);
  }

  /** The code and link of the last message to this address, read from the outbox like an administrator would. */
  async function lastMailTo(recipient: string): Promise<{ code: string; link: string; token: string }> {
    const rows = await database.db.select().from(mailMessages).where(eq(mailMessages.recipient, recipient)).orderBy(sql`rowid`);
    const text = rows.at(-1)?.textBody;
    if (!text) throw new Error(`no mail body for ${recipient}`);
    const code = /\b(\d{8})\)/.exec(text)?.[1];
    const link = /https?:\/\/\S+\?token=\S+/.exec(text)?.[0];
    if (!code || !link) throw new Error(`no code or link in:\n${text}`);
    return { code, link, token: new URL(link).searchParams.get('token') ?? '' };
  }

  async function challengeRows() {
    return database.db.select().from(signInChallenges);
  }

  function wrongCode(code: string): string {
    return String((Number(code) + 1) % 100_000_000).padStart(8, '0');
  }

  describe('requesting', () => {
    it('mails a member an 8-digit code and a link built from publicUrl, and stores only their hashes', async () => {
      const outcome = await request('  ANA@example.org ');
      expect(outcome).toEqual({ kind: 'sent', challengeId: expect.stringMatching(CHALLENGE_ID) });

      const rows = await mailRows();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ recipient: 'ana@example.org', memberId: member.id, template: 'sign-in', transport: 'outbox', status: 'held' });

      const { code, link, token } = await lastMailTo('ana@example.org');
      expect(code).toMatch(/^\d{8}$/);
      expect(link.startsWith(`${PUBLIC_URL}/fr/connexion/lien?token=`)).toBe(true);
      expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
      expect(rows[0]?.htmlBody).toContain(link);

      const challenges = await challengeRows();
      expect(challenges).toHaveLength(1);
      expect(challenges[0]).toMatchObject({
        id: outcome.kind === 'sent' ? outcome.challengeId : '',
        memberId: member.id,
        codeHash: hashSecret(code),
        linkHash: hashSecret(token),
        createdAt: new Date(NOW),
        expiresAt: new Date(NOW + SIGN_IN_TTL_MS),
        usedAt: null,
        origin: 'email',
      });
      expect(SIGN_IN_TTL_MS).toBe(15 * MINUTE);
      const stored = JSON.stringify(challenges);
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(token);
    });

    it('hands the provider a transactional, tagged message that says how long the code lasts, and keeps no copy of the code once sent', async () => {
      const handed: OutgoingMail[] = [];
      const sending: MailTransport = {
        name: 'sending',
        deliver: async (mail) => {
          handed.push(mail);
          return { status: 'sent', providerMessageId: 'pm-1' };
        },
      };
      const sendingDeps = depsFor(database.db, sending);
      deps = { ...sendingDeps, mail: { ...sendingDeps.mail, keepSecretBodies: false } };
      await request('ana@example.org');
      expect(handed).toEqual([expect.objectContaining({ to: 'ana@example.org', stream: 'outbound', tag: 'sign-in', carriesSecret: true })]);
      expect(handed[0]!.text).toContain('valables 15 minutes');
      // A live code never stays on disk after the provider took it (production's keepSecretBodies is false).
      expect(await mailRows()).toEqual([expect.objectContaining({ status: 'sent', stream: 'outbound', textBody: null, htmlBody: null })]);
    });

    it('builds the link from the configured publicUrl and the member’s locale', async () => {
      deps = depsFor(database.db, createOutboxTransport(), 'https://other.example.net/portal');
      await addMember(database.db, 'cli', { email: 'bea@example.org', locale: 'en' });
      await request('bea@example.org', { locale: 'fr' });
      const { link } = await lastMailTo('bea@example.org');
      expect(link.startsWith('https://other.example.net/portal/en/sign-in/link?token=')).toBe(true);
    });

    it('gives a stranger the same outcome shape and sends nothing, stores nothing', async () => {
      const forMember = await request('ana@example.org');
      const forStranger = await request('stranger@example.org');
      expect(forStranger.kind).toBe(forMember.kind);
      expect(Object.keys(forStranger).sort()).toEqual(Object.keys(forMember).sort());
      expect(forStranger).toEqual({ kind: 'sent', challengeId: expect.stringMatching(CHALLENGE_ID) });

      expect((await mailRows()).map((row) => row.recipient)).toEqual(['ana@example.org']);
      expect(await challengeRows()).toHaveLength(1);
      // The stranger's challenge id leads nowhere.
      if (forStranger.kind !== 'sent') throw new Error('unreachable');
      expect(await verifySignInCode(database.db, forStranger.challengeId, '12345678', NOW)).toEqual({ kind: 'invalid' });
    });

    it('gives a disabled member the stranger’s answer: no mail, no challenge', async () => {
      await setMemberEnabled(database.db, 'cli', member.id, false, new Date(NOW));
      expect(await request('ana@example.org')).toEqual({ kind: 'sent', challengeId: expect.stringMatching(CHALLENGE_ID) });
      expect(await mailRows()).toEqual([]);
      expect(await challengeRows()).toEqual([]);
    });

    it('answers a member whose mail the provider refuses exactly like a stranger, and records the refusal for administrators', async () => {
      const refusing: MailTransport = {
        name: 'refusing',
        deliver: async () => ({ status: 'failed', kind: 'inactive-recipient', message: 'the address bounced before' }),
      };
      deps = depsFor(database.db, refusing);
      expect(await request('ana@example.org')).toEqual({ kind: 'sent', challengeId: expect.stringMatching(CHALLENGE_ID) });
      expect(await request('stranger@example.org')).toEqual({ kind: 'sent', challengeId: expect.stringMatching(CHALLENGE_ID) });
      expect(await mailRows()).toEqual([expect.objectContaining({ status: 'failed', errorKind: 'inactive-recipient', transport: 'refusing' })]);
      // A refusal about one address is nobody else's business: the code page shows nothing of it.
      expect(await recentMailTrouble(database.db, NOW)).toBeNull();
    });

    it('shows provider-wide trouble to everyone, and forgets it once mail goes out again or ten minutes pass', async () => {
      let answer: 'down' | 'up' = 'down';
      const flaky: MailTransport = {
        name: 'flaky',
        deliver: async () => (answer === 'down' ? { status: 'failed', kind: 'unavailable', message: 'timeout' } : { status: 'sent', providerMessageId: 'pm-1' }),
      };
      deps = depsFor(database.db, flaky);
      await request('ana@example.org');
      expect(await recentMailTrouble(database.db, NOW)).toBe('unavailable');
      expect(await recentMailTrouble(database.db, NOW + 11 * 60 * 1000)).toBeNull();
      answer = 'up';
      await request('ana@example.org', { now: NOW + 1000 });
      expect(await recentMailTrouble(database.db, NOW + 1000)).toBeNull();
    });
  });

  describe('the code', () => {
    it('signs in once, with the next path, and makes an invited member active', async () => {
      const outcome = await request('ana@example.org', { next: '/fr/archive' });
      if (outcome.kind !== 'sent') throw new Error(outcome.kind);
      const { code, token } = await lastMailTo('ana@example.org');

      const signedIn = await verifySignInCode(database.db, outcome.challengeId, code, NOW + MINUTE);
      expect(signedIn).toEqual({ kind: 'signed-in', member: expect.objectContaining({ id: member.id, status: 'active' }), next: '/fr/archive' });
      expect(await getMember(database.db, member.id)).toMatchObject({ status: 'active', lastSignInAt: new Date(NOW + MINUTE) });
      expect((await challengeRows())[0]?.usedAt).toEqual(new Date(NOW + MINUTE));

      expect(await verifySignInCode(database.db, outcome.challengeId, code, NOW + 2 * MINUTE)).toEqual({ kind: 'invalid' });
      // The link of the same message is used up too.
      expect(await isSignInLinkUsable(database.db, token, NOW + 2 * MINUTE)).toBe(false);
      expect(await consumeSignInLink(database.db, token, NOW + 2 * MINUTE)).toEqual({ kind: 'invalid' });
    });

    it('counts replays of a used code as wrong codes, so they end up refused like guesses', async () => {
      const outcome = await request();
      if (outcome.kind !== 'sent') throw new Error(outcome.kind);
      const { code } = await lastMailTo('ana@example.org');
      expect(await verifySignInCode(database.db, outcome.challengeId, code, NOW)).toMatchObject({ kind: 'signed-in' });
      for (let i = 0; i < 5; i++) expect(await verifySignInCode(database.db, outcome.challengeId, code, NOW)).toEqual({ kind: 'invalid' });
      expect(await verifySignInCode(database.db, outcome.challengeId, code, NOW)).toEqual({ kind: 'rate-limited', retryAt: new Date(QUARTER_LATER) });
    });

    it('accepts the code typed with the space the mail shows', async () => {
      const outcome = await request();
      if (outcome.kind !== 'sent') throw new Error(outcome.kind);
      const { code } = await lastMailTo('ana@example.org');
      const typed = ` ${code.slice(0, 4)} ${code.slice(4)} `;
      expect(await verifySignInCode(database.db, outcome.challengeId, typed, NOW)).toMatchObject({ kind: 'signed-in' });
    });

    it('lets only one of two simultaneous attempts with the right code succeed', async () => {
      const outcome = await request();
      if (outcome.kind !== 'sent') throw new Error(outcome.kind);
      const { code } = await lastMailTo('ana@example.org');
      const results = await Promise.all([
        verifySignInCode(database.db, outcome.challengeId, code, NOW),
        verifySignInCode(database.db, outcome.challengeId, code, NOW),
        consumeSignInLink(database.db, (await lastMailTo('ana@example.org')).token, NOW),
      ]);
      expect(results.filter((result) => result.kind === 'signed-in')).toHaveLength(1);
    });

    it('works until 15 minutes have passed, not at 15 minutes', async () => {
      let outcome = await request('ana@example.org', { now: NOW });
      if (outcome.kind !== 'sent') throw new Error(outcome.kind);
      let { code } = await lastMailTo('ana@example.org');
      expect(await verifySignInCode(database.db, outcome.challengeId, code, NOW + SIGN_IN_TTL_MS - 1)).toMatchObject({ kind: 'signed-in' });

      outcome = await request('ana@example.org', { now: NOW });
      if (outcome.kind !== 'sent') throw new Error(outcome.kind);
      ({ code } = await lastMailTo('ana@example.org'));
      expect(await verifySignInCode(database.db, outcome.challengeId, code, NOW + SIGN_IN_TTL_MS)).toEqual({ kind: 'invalid' });
      expect(await verifySignInCode(database.db, outcome.challengeId, code, NOW + HOUR)).toEqual({ kind: 'invalid' });
    });

    it('a new request cancels the older code and link', async () => {
      const first = await request();
      if (first.kind !== 'sent') throw new Error(first.kind);
      const old = await lastMailTo('ana@example.org');
      const second = await request();
      if (second.kind !== 'sent') throw new Error(second.kind);
      const current = await lastMailTo('ana@example.org');
      expect(second.challengeId).not.toBe(first.challengeId);
      expect(current.token).not.toBe(old.token);

      expect(await verifySignInCode(database.db, first.challengeId, old.code, NOW)).toEqual({ kind: 'invalid' });
      expect(await isSignInLinkUsable(database.db, old.token, NOW)).toBe(false);
      expect(await consumeSignInLink(database.db, old.token, NOW)).toEqual({ kind: 'invalid' });
      if (old.code !== current.code) expect(await verifySignInCode(database.db, second.challengeId, old.code, NOW)).toEqual({ kind: 'invalid' });
      expect(await challengeRows()).toHaveLength(1);
      expect(await verifySignInCode(database.db, second.challengeId, current.code, NOW)).toMatchObject({ kind: 'signed-in' });
    });

    it('after 5 wrong codes refuses even the right one until 15 minutes after the first', async () => {
      const outcome = await request();
      if (outcome.kind !== 'sent') throw new Error(outcome.kind);
      const { code } = await lastMailTo('ana@example.org');
      for (let i = 0; i < 5; i++) {
        expect(await verifySignInCode(database.db, outcome.challengeId, wrongCode(code), NOW + i * 1000)).toEqual({ kind: 'invalid' });
      }
      const refused = { kind: 'rate-limited', retryAt: new Date(QUARTER_LATER) };
      expect(await verifySignInCode(database.db, outcome.challengeId, code, NOW + 10_000)).toEqual(refused);
      // Refused attempts are not counted: the time named stays 15 minutes after the first wrong code.
      expect(await verifySignInCode(database.db, outcome.challengeId, code, QUARTER_LATER - 1)).toEqual(refused);
      // By then the code has expired (it lives 15 minutes too): a new code is the way on.
      expect(await verifySignInCode(database.db, outcome.challengeId, code, QUARTER_LATER)).toEqual({ kind: 'invalid' });
    });

    it('allows four wrong codes, then the right one', async () => {
      const outcome = await request();
      if (outcome.kind !== 'sent') throw new Error(outcome.kind);
      const { code } = await lastMailTo('ana@example.org');
      for (let i = 0; i < 4; i++) await verifySignInCode(database.db, outcome.challengeId, wrongCode(code), NOW);
      expect(await verifySignInCode(database.db, outcome.challengeId, code, NOW)).toMatchObject({ kind: 'signed-in' });
    });

    it('counts wrong codes per pending sign-in', async () => {
      await addMember(database.db, 'cli', { email: 'bruno@example.org' });
      const ana = await request('ana@example.org');
      const bruno = await request('bruno@example.org');
      if (ana.kind !== 'sent' || bruno.kind !== 'sent') throw new Error('not sent');
      const anaCode = (await lastMailTo('ana@example.org')).code;
      const brunoCode = (await lastMailTo('bruno@example.org')).code;
      for (let i = 0; i < 6; i++) await verifySignInCode(database.db, ana.challengeId, wrongCode(anaCode), NOW);
      expect(await verifySignInCode(database.db, ana.challengeId, anaCode, NOW)).toMatchObject({ kind: 'rate-limited' });
      expect(await verifySignInCode(database.db, bruno.challengeId, brunoCode, NOW)).toMatchObject({ kind: 'signed-in' });
    });

    it('refuses the code of a member disabled after asking', async () => {
      const outcome = await request();
      if (outcome.kind !== 'sent') throw new Error(outcome.kind);
      const { code, token } = await lastMailTo('ana@example.org');
      await setMemberEnabled(database.db, 'cli', member.id, false, new Date(NOW));
      expect(await verifySignInCode(database.db, outcome.challengeId, code, NOW)).toEqual({ kind: 'invalid' });
      expect(await consumeSignInLink(database.db, token, NOW)).toEqual({ kind: 'invalid' });
      expect((await getMember(database.db, member.id))?.status).toBe('disabled');
    });
  });

  describe('the link', () => {
    it('the GET check does not consume it; the POST signs in once', async () => {
      await request('ana@example.org', { next: '/fr/archive' });
      const { token, code } = await lastMailTo('ana@example.org');
      for (let i = 0; i < 3; i++) expect(await isSignInLinkUsable(database.db, token, NOW + MINUTE)).toBe(true);

      expect(await consumeSignInLink(database.db, token, NOW + MINUTE)).toEqual({
        kind: 'signed-in',
        member: expect.objectContaining({ id: member.id }),
        next: '/fr/archive',
      });
      expect(await isSignInLinkUsable(database.db, token, NOW + MINUTE)).toBe(false);
      expect(await consumeSignInLink(database.db, token, NOW + MINUTE)).toEqual({ kind: 'invalid' });
      const [challenge] = await challengeRows();
      expect(await verifySignInCode(database.db, challenge!.id, code, NOW + MINUTE)).toEqual({ kind: 'invalid' });
    });

    it('expires at 15 minutes', async () => {
      await request();
      const { token } = await lastMailTo('ana@example.org');
      expect(await isSignInLinkUsable(database.db, token, NOW + SIGN_IN_TTL_MS - 1)).toBe(true);
      expect(await isSignInLinkUsable(database.db, token, NOW + SIGN_IN_TTL_MS)).toBe(false);
      expect(await consumeSignInLink(database.db, token, NOW + SIGN_IN_TTL_MS)).toEqual({ kind: 'invalid' });
      expect(await consumeSignInLink(database.db, token, NOW + SIGN_IN_TTL_MS - 1)).toMatchObject({ kind: 'signed-in' });
    });

    it('refuses made-up and altered tokens', async () => {
      await request();
      const { token } = await lastMailTo('ana@example.org');
      const altered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
      for (const bad of ['', 'x', altered, `${token}x`, hashSecret(token)]) {
        expect(await isSignInLinkUsable(database.db, bad, NOW)).toBe(false);
        expect(await consumeSignInLink(database.db, bad, NOW)).toEqual({ kind: 'invalid' });
      }
      expect(await consumeSignInLink(database.db, token, NOW)).toMatchObject({ kind: 'signed-in' });
    });
  });

  describe('rate limits on requests', () => {
    it('refuses the 6th request for an address within the hour, whatever its case, until an hour after the first', async () => {
      for (let i = 0; i < 5; i++) {
        const email = i % 2 === 0 ? 'ana@example.org' : ' Ana@Example.ORG';
        expect(await request(email, { now: NOW + i * MINUTE })).toMatchObject({ kind: 'sent' });
      }
      const refused = await request('ana@example.org', { now: NOW + 10 * MINUTE });
      expect(refused).toEqual({ kind: 'rate-limited', retryAt: new Date(HOUR_LATER) });
      expect(await request('ana@example.org', { now: HOUR_LATER - 1 })).toMatchObject({ kind: 'rate-limited' });
      expect(await mailRows()).toHaveLength(5);

      expect(await request('ana@example.org', { now: HOUR_LATER })).toMatchObject({ kind: 'sent' });
      expect(await mailRows()).toHaveLength(6);
    });

    it('limits strangers’ addresses the same way', async () => {
      for (let i = 0; i < 5; i++) expect(await request('stranger@example.org')).toMatchObject({ kind: 'sent' });
      expect(await request('stranger@example.org')).toEqual({ kind: 'rate-limited', retryAt: new Date(HOUR_LATER) });
      // Another address is not limited by it.
      expect(await request('ana@example.org')).toMatchObject({ kind: 'sent' });
    });

    it('refuses the 21st request from one client address within the hour, other clients still served', async () => {
      const ip = '203.0.113.7';
      for (let i = 0; i < 20; i++) {
        expect(await request(`person${i}@example.org`, { ip, now: NOW + i * 1000 }), `request ${i + 1}`).toMatchObject({ kind: 'sent' });
      }
      expect(await request('ana@example.org', { ip, now: NOW + MINUTE })).toEqual({ kind: 'rate-limited', retryAt: new Date(HOUR_LATER) });
      expect(await mailRows()).toEqual([]);
      expect(await request('ana@example.org', { ip: '203.0.113.8', now: NOW + MINUTE })).toMatchObject({ kind: 'sent' });
      expect(await request('ana@example.org', { ip, now: HOUR_LATER })).toMatchObject({ kind: 'sent' });
    });
  });

  describe('safeNextPath', () => {
    it.each(['//evil.example', 'https://evil.example', '/\\evil.example', '\\\\evil.example', 'evil.example', '/\tevil', '/fr\n/archive', '', null, undefined])(
      'refuses %j',
      (next) => {
        expect(safeNextPath(next)).toBeNull();
      },
    );

    it.each(['/fr/archive', '/en/archive/general?day=2020-01-02#m1', '/'])('accepts %j', (next) => {
      expect(safeNextPath(next)).toBe(next);
    });

    it('drops an unsafe next path given with the request', async () => {
      const outcome = await request('ana@example.org', { next: '//evil.example/' });
      if (outcome.kind !== 'sent') throw new Error(outcome.kind);
      expect((await challengeRows())[0]?.next).toBeNull();
      const { code } = await lastMailTo('ana@example.org');
      expect(await verifySignInCode(database.db, outcome.challengeId, code, NOW)).toMatchObject({ kind: 'signed-in', next: null });
    });
  });

  describe('operator rescue link', () => {
    it('gives a single-use link valid 24 hours, sends no mail, and is audited without the token', async () => {
      const { link, expiresAt } = await issueOperatorSignInLink(deps, 'cli', ' ANA@example.org', NOW);
      expect(OPERATOR_LINK_TTL_MS).toBe(24 * HOUR);
      expect(expiresAt).toEqual(new Date(NOW + OPERATOR_LINK_TTL_MS));
      expect(link.startsWith(`${PUBLIC_URL}/fr/connexion/lien?token=`)).toBe(true);
      const token = new URL(link).searchParams.get('token')!;
      expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
      expect(await mailRows()).toEqual([]);

      const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'member.sign-in-link-issued'));
      expect(audit).toEqual([expect.objectContaining({ at: new Date(NOW), actor: 'cli', targetMemberId: member.id })]);
      expect(JSON.parse(audit[0]!.details!)).toEqual({ expiresAt: new Date(NOW + OPERATOR_LINK_TTL_MS).toISOString() });
      expect(audit[0]!.details).not.toContain(token);
      expect((await challengeRows())[0]).toMatchObject({ origin: 'operator', linkHash: hashSecret(token) });

      expect(await isSignInLinkUsable(database.db, token, NOW + OPERATOR_LINK_TTL_MS - 1)).toBe(true);
      expect(await database.db.select().from(auditLog).where(eq(auditLog.action, 'member.sign-in-link-used'))).toEqual([]);
      expect(await consumeSignInLink(database.db, token, NOW + 23 * HOUR)).toMatchObject({ kind: 'signed-in', member: { id: member.id }, next: null });
      expect(await consumeSignInLink(database.db, token, NOW + 23 * HOUR)).toEqual({ kind: 'invalid' });
      // Used once, audited once, when it was used.
      const used = await database.db.select().from(auditLog).where(eq(auditLog.action, 'member.sign-in-link-used'));
      expect(used).toEqual([expect.objectContaining({ at: new Date(NOW + 23 * HOUR), actor: member.id, targetMemberId: member.id })]);
      expect(JSON.parse(used[0]!.details!)).toEqual({ issuedAt: new Date(NOW).toISOString() });
    });

    it('leaves no such trace when a member signs in with their own mailed link', async () => {
      const outcome = await requestSignIn(deps, { email: 'ana@example.org', locale: 'fr', ip: '203.0.113.9' }, NOW);
      await (outcome as { delivery: Promise<unknown> }).delivery;
      const { token } = await lastMailTo('ana@example.org');
      expect(await consumeSignInLink(database.db, token, NOW + 1_000)).toMatchObject({ kind: 'signed-in' });
      expect(await database.db.select().from(auditLog).where(eq(auditLog.action, 'member.sign-in-link-used'))).toEqual([]);
    });

    it('records which administrator issued it, and expires after 24 hours', async () => {
      const admin = await addMember(database.db, 'cli', { email: 'admin@example.org', role: 'admin' });
      const { link } = await issueOperatorSignInLink(deps, { memberId: admin.id }, 'ana@example.org', NOW);
      const token = new URL(link).searchParams.get('token')!;
      const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'member.sign-in-link-issued'));
      expect(audit).toEqual([expect.objectContaining({ actor: admin.id, targetMemberId: member.id })]);
      expect(await isSignInLinkUsable(database.db, token, NOW + OPERATOR_LINK_TTL_MS)).toBe(false);
      expect(await consumeSignInLink(database.db, token, NOW + OPERATOR_LINK_TTL_MS)).toEqual({ kind: 'invalid' });
    });

    it('refuses unknown and disabled members, auditing nothing', async () => {
      await expect(issueOperatorSignInLink(deps, 'cli', 'stranger@example.org', NOW)).rejects.toThrow(/no member/);
      await setMemberEnabled(database.db, 'cli', member.id, false, new Date(NOW));
      await expect(issueOperatorSignInLink(deps, 'cli', 'ana@example.org', NOW)).rejects.toThrow(/disabled/);
      expect(await database.db.select().from(auditLog).where(eq(auditLog.action, 'member.sign-in-link-issued'))).toEqual([]);
      expect(await challengeRows()).toEqual([]);
    });
  });
});

import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../db/schema/accounts.ts';
import { renewalLinks } from '../db/schema/renewal.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { addMember, getMember, setMemberEnabled, type Member } from './members.ts';
import { consumeRenewalLink, DEFAULT_RENEWAL_LINK_DAYS, issueOperatorRenewalLink, issueRenewalLink, peekRenewalLink } from './renewal-links.ts';
import { hashSecret } from './secrets.ts';

const NOW = new Date(Date.UTC(2026, 10, 2, 15, 0, 0));
const DAY = 24 * 60 * 60 * 1000;
let database: Awaited<ReturnType<typeof openTempDatabase>>;
let member: Member;

beforeEach(async () => {
  database = await openTempDatabase();
  member = await addMember(database.db, 'cli', { email: 'elise@example.org', name: 'Élise', locale: 'en' }, NOW);
});
afterEach(() => database.dispose());

const tokenOf = (path: string) => new URL(path, 'https://portail.example.org').searchParams.get('token')!;
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe('renewal links', () => {
  it('lead to the renewal page in the member’s language, with a token of at least 128 random bits', async () => {
    const issued = await issueRenewalLink(database.db, member.id, { origin: 'email', now: NOW });
    expect(issued.path).toMatch(/^\/en\/renewal\?token=[A-Za-z0-9_-]+$/);
    // base64url: 6 bits a character.
    expect(tokenOf(issued.path).length * 6).toBeGreaterThanOrEqual(128);
    const other = await issueRenewalLink(database.db, member.id, { origin: 'email', now: NOW });
    expect(tokenOf(other.path)).not.toBe(tokenOf(issued.path));
  });

  it('are stored as a hash only, and mark the member invited', async () => {
    const issued = await issueRenewalLink(database.db, member.id, { origin: 'email', now: NOW });
    const rows = await database.db.select().from(renewalLinks);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashSecret(tokenOf(issued.path)));
    expect(JSON.stringify(rows)).not.toContain(tokenOf(issued.path));
    expect((await getMember(database.db, member.id))!.renewalInvitedAt).toEqual(NOW);
  });

  it(`work for ${DEFAULT_RENEWAL_LINK_DAYS} days by default, or as many as asked`, async () => {
    const token = tokenOf((await issueRenewalLink(database.db, member.id, { origin: 'email', now: NOW })).path);
    expect(await peekRenewalLink(database.db, token, at(14 * DAY - 1))).toMatchObject({ id: member.id });
    expect(await peekRenewalLink(database.db, token, at(14 * DAY))).toBeUndefined();
    expect(await consumeRenewalLink(database.db, token, at(14 * DAY))).toBeUndefined();
    const short = tokenOf((await issueRenewalLink(database.db, member.id, { origin: 'email', days: 2, now: NOW })).path);
    expect(await peekRenewalLink(database.db, short, at(2 * DAY))).toBeUndefined();
    expect(await peekRenewalLink(database.db, short, at(2 * DAY - 1))).toBeDefined();
  });

  it('can be looked at any number of times, and used once', async () => {
    const token = tokenOf((await issueRenewalLink(database.db, member.id, { origin: 'email', now: NOW })).path);
    for (let i = 0; i < 3; i++) expect(await peekRenewalLink(database.db, token, NOW)).toMatchObject({ email: 'elise@example.org' });
    expect(await consumeRenewalLink(database.db, token, NOW)).toMatchObject({ id: member.id });
    expect(await consumeRenewalLink(database.db, token, NOW)).toBeUndefined();
    expect(await peekRenewalLink(database.db, token, NOW)).toBeUndefined();
  });

  it('let only one of two simultaneous presses through', async () => {
    const token = tokenOf((await issueRenewalLink(database.db, member.id, { origin: 'email', now: NOW })).path);
    const outcomes = await Promise.all([consumeRenewalLink(database.db, token, NOW), consumeRenewalLink(database.db, token, NOW)]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it('are cancelled by a newer one', async () => {
    const older = tokenOf((await issueRenewalLink(database.db, member.id, { origin: 'email', now: NOW })).path);
    const newer = tokenOf((await issueRenewalLink(database.db, member.id, { origin: 'operator', now: NOW })).path);
    expect(await consumeRenewalLink(database.db, older, NOW)).toBeUndefined();
    expect(await consumeRenewalLink(database.db, newer, NOW)).toMatchObject({ id: member.id });
  });

  it('answer forged, empty and other members’ tokens alike: nothing', async () => {
    await issueRenewalLink(database.db, member.id, { origin: 'email', now: NOW });
    for (const forged of ['', 'x', 'A'.repeat(27), hashSecret('x')]) {
      expect(await peekRenewalLink(database.db, forged, NOW)).toBeUndefined();
      expect(await consumeRenewalLink(database.db, forged, NOW)).toBeUndefined();
    }
  });

  it('stop working when the member is disabled, and are not issued to them', async () => {
    const token = tokenOf((await issueRenewalLink(database.db, member.id, { origin: 'email', now: NOW })).path);
    await setMemberEnabled(database.db, 'cli', member.id, false, NOW);
    expect(await peekRenewalLink(database.db, token, NOW)).toBeUndefined();
    expect(await consumeRenewalLink(database.db, token, NOW)).toBeUndefined();
    await expect(issueRenewalLink(database.db, member.id, { origin: 'email', now: NOW })).rejects.toThrow(/disabled/);
  });

  it('handed over by an operator are audited, without the token', async () => {
    const issued = await issueOperatorRenewalLink(database.db, 'cli', ' Elise@Example.org ', { days: 3, now: NOW });
    expect(issued.expiresAt).toEqual(at(3 * DAY));
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'member.renewal-link-issued'));
    expect(audit).toMatchObject([{ actor: 'cli', targetMemberId: member.id }]);
    expect(JSON.parse(audit[0]!.details!)).toEqual({ expiresAt: issued.expiresAt.toISOString() });
    expect(audit[0]!.details).not.toContain(tokenOf(issued.path));
    await expect(issueOperatorRenewalLink(database.db, 'cli', 'nobody@example.org')).rejects.toThrow(/no member/);
  });
});

import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/client.ts';
import { auditLog, signInChallenges } from '../db/schema/accounts.ts';
import { mailMessages } from '../db/schema/mail.ts';
import type { Locale } from '../i18n/index.ts';
import { createOutboxTransport } from '../mail/outbox-transport.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { route } from '../routes.ts';
import { addMember, setMemberEnabled, type Member } from './members.ts';
import { reinviteMember, type SignInDeps } from './sign-in.ts';

const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);
const DAY = 24 * 60 * 60 * 1000;

function depsFor(db: Db): SignInDeps {
  return {
    db,
    mail: { db, transport: createOutboxTransport(), from: 'Passerelle <noreply@example.org>', keepSecretBodies: true, now: () => new Date(NOW) },
    publicUrl: 'https://portail.example.org',
    communityName: 'Collectif',
    linkPath: (locale: Locale) => route('signInLink', locale),
  };
}

describe('re-inviting a member', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let member: Member;
  beforeEach(async () => {
    database = await openTempDatabase();
    member = await addMember(database.db, 'cli', { email: 'ana@example.org', locale: 'en' });
  });
  afterEach(() => database.dispose());

  it('sends a fresh sign-in mail in the member’s language, with a new link, and audits it', async () => {
    const outcome = await reinviteMember(depsFor(database.db), { memberId: 'admin-1' }, member.id, NOW);
    expect(outcome.kind).toBe('sent');
    if (outcome.kind === 'sent') await outcome.delivery;
    const mails = await database.db.select().from(mailMessages).where(eq(mailMessages.recipient, 'ana@example.org'));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ template: 'sign-in', locale: 'en' });
    expect(mails[0]!.textBody).toMatch(/https:\/\/portail\.example\.org\/en\/sign-in\/link\?token=/);
    expect(await database.db.select().from(signInChallenges).where(eq(signInChallenges.memberId, member.id))).toHaveLength(1);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'member.reinvited'));
    expect(audit).toMatchObject([{ actor: 'admin-1', targetMemberId: member.id }]);
  });

  it('is limited to three in any 24 hours per member', async () => {
    const deps = depsFor(database.db);
    for (let sent = 0; sent < 3; sent += 1) expect((await reinviteMember(deps, 'cli', member.id, NOW + sent)).kind).toBe('sent');
    const refused = await reinviteMember(deps, 'cli', member.id, NOW + 10);
    expect(refused).toEqual({ kind: 'rate-limited', retryAt: new Date(NOW + DAY) });
    expect(await database.db.select().from(auditLog).where(eq(auditLog.action, 'member.reinvited'))).toHaveLength(3);
    expect((await reinviteMember(deps, 'cli', member.id, NOW + DAY - 1)).kind).toBe('rate-limited');
    expect((await reinviteMember(deps, 'cli', member.id, NOW + DAY)).kind).toBe('sent');
  });

  it('refuses a disabled member', async () => {
    await setMemberEnabled(database.db, 'cli', member.id, false);
    await expect(reinviteMember(depsFor(database.db), 'cli', member.id, NOW)).rejects.toMatchObject({ reason: 'disabled' });
  });
});

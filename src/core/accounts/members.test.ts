import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, members } from '../db/schema/accounts.ts';
import { people } from '../db/schema/archive.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { listAudit } from './audit.ts';
import {
  addMember,
  findMemberByEmail,
  getMember,
  linkSlackPerson,
  listMembers,
  markSignedIn,
  MemberError,
  normalizeEmail,
  requireMemberByEmail,
  setMemberEnabled,
  setMemberRole,
  setMemberTimeZone,
} from './members.ts';
import { createSession, listMemberSessions, validateSessionToken } from './sessions.ts';

const NOW = new Date(Date.UTC(2025, 2, 10, 9, 20, 0));
const LATER = new Date(NOW.getTime() + 60_000);

describe('members', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  beforeEach(async () => {
    database = await openTempDatabase();
  });
  afterEach(() => database.dispose());

  async function auditRows() {
    const rows = await database.db.select().from(auditLog).orderBy(auditLog.id);
    return rows.map((row) => ({ ...row, details: JSON.parse(row.details ?? '{}') as Record<string, unknown> }));
  }

  async function addPerson(id: string, email: string | null, extra: Partial<typeof people.$inferInsert> = {}) {
    await database.db.insert(people).values({ id, email, realName: `Real ${id}`, displayName: `display-${id}`, ...extra });
  }

  describe('addMember', () => {
    it('stores the address trimmed and lower-cased, with defaults, and audits it', async () => {
      const member = await addMember(database.db, 'cli', { email: '  Ana.Silva@Example.ORG ', name: '  Ana  ' }, NOW);
      expect(member).toMatchObject({
        email: 'ana.silva@example.org',
        name: 'Ana',
        locale: 'fr',
        role: 'member',
        status: 'invited',
        slackPersonId: null,
        createdAt: NOW,
        updatedAt: NOW,
        lastSignInAt: null,
      });
      expect(await getMember(database.db, member.id)).toEqual(member);
      expect(await auditRows()).toEqual([
        expect.objectContaining({ at: NOW, actor: 'cli', action: 'member.added', targetMemberId: member.id, details: { role: 'member', slackPersonId: null } }),
      ]);
    });

    it('keeps the locale and role given, records the acting administrator, and stores a blank name as none', async () => {
      const admin = await addMember(database.db, 'cli', { email: 'admin@example.org', role: 'admin' }, NOW);
      const member = await addMember(database.db, { memberId: admin.id }, { email: 'bea@example.org', name: '   ', locale: 'en', role: 'admin' }, NOW);
      expect(member).toMatchObject({ name: null, locale: 'en', role: 'admin' });
      expect((await auditRows()).at(-1)).toMatchObject({ actor: admin.id, action: 'member.added', targetMemberId: member.id, details: { role: 'admin' } });
    });

    it('refuses an address already used, whatever its case, and writes nothing', async () => {
      await addMember(database.db, 'cli', { email: 'ana@example.org' }, NOW);
      await expect(addMember(database.db, 'cli', { email: 'ANA@example.org ' }, NOW)).rejects.toThrow(MemberError);
      await expect(addMember(database.db, 'cli', { email: 'ANA@example.org ' }, NOW)).rejects.toThrow('ana@example.org is already a member');
      expect((await listMembers(database.db, { page: 1 })).total).toBe(1);
      expect(await auditRows()).toHaveLength(1);
    });

    it('refuses what is not an email address', async () => {
      for (const email of ['', 'ana', 'ana@', '@example.org', 'ana example@example.org']) {
        await expect(addMember(database.db, 'cli', { email }, NOW), email).rejects.toThrow();
      }
      expect((await listMembers(database.db, { page: 1 })).total).toBe(0);
    });

    it('links the Slack person with the same address automatically', async () => {
      await addPerson('U01', 'ana@example.org');
      const member = await addMember(database.db, 'cli', { email: 'Ana@Example.org' }, NOW);
      expect(member.slackPersonId).toBe('U01');
      expect((await getMember(database.db, member.id))?.slackPersonId).toBe('U01');
      expect((await auditRows())[0]?.details).toEqual({ role: 'member', slackPersonId: 'U01' });
    });

    it('does not link a Slack person already linked to another member', async () => {
      await addPerson('U01', 'ana@example.org');
      const other = await addMember(database.db, 'cli', { email: 'someone@example.org' }, NOW);
      await linkSlackPerson(database.db, 'cli', other.id, 'U01', NOW);
      const member = await addMember(database.db, 'cli', { email: 'ana@example.org' }, NOW);
      expect(member.slackPersonId).toBeNull();
      expect((await getMember(database.db, other.id))?.slackPersonId).toBe('U01');
    });
  });

  describe('finding members', () => {
    it('finds a member by address whatever its case and spaces', async () => {
      const member = await addMember(database.db, 'cli', { email: 'ana@example.org' }, NOW);
      expect((await findMemberByEmail(database.db, ' ANA@example.org'))?.id).toBe(member.id);
      expect((await requireMemberByEmail(database.db, 'Ana@Example.Org'))?.id).toBe(member.id);
      expect(await findMemberByEmail(database.db, 'bruno@example.org')).toBeUndefined();
      await expect(requireMemberByEmail(database.db, ' Bruno@example.org')).rejects.toThrow(new MemberError('unknown-member', 'no member with the address bruno@example.org'));
      expect(normalizeEmail('  A@B.C ')).toBe('a@b.c');
    });

    it('lists members by address, a page at a time, with the total, filtered by address or name', async () => {
      for (const [email, name] of [
        ['carla@example.org', 'Carla'],
        ['ana@example.org', 'Ana Silva'],
        ['bruno@other.net', 'Bruno'],
        ['dora@example.org', null],
      ] as const) {
        await addMember(database.db, 'cli', { email, name }, NOW);
      }
      const first = await listMembers(database.db, { page: 1, pageSize: 3 });
      expect(first.total).toBe(4);
      expect(first.items.map((member) => member.email)).toEqual(['ana@example.org', 'bruno@other.net', 'carla@example.org']);
      const second = await listMembers(database.db, { page: 2, pageSize: 3 });
      expect(second.items.map((member) => member.email)).toEqual(['dora@example.org']);

      expect((await listMembers(database.db, { page: 1, query: 'OTHER.net' })).items.map((member) => member.email)).toEqual(['bruno@other.net']);
      const byName = await listMembers(database.db, { page: 1, query: ' silva ' });
      expect(byName).toMatchObject({ total: 1, items: [{ email: 'ana@example.org' }] });
      expect((await listMembers(database.db, { page: 1, query: 'nobody' })).total).toBe(0);
    });
  });

  describe('disabling and enabling', () => {
    it('disabling ends every session of the member at once, and no one else’s, and is audited', async () => {
      const ana = await addMember(database.db, 'cli', { email: 'ana@example.org' }, NOW);
      const bruno = await addMember(database.db, 'cli', { email: 'bruno@example.org' }, NOW);
      await markSignedIn(database.db, ana, NOW);
      await markSignedIn(database.db, bruno, NOW);
      const anaSessions = [await createSession(database.db, ana.id, null, NOW.getTime()), await createSession(database.db, ana.id, null, NOW.getTime())];
      const brunoSession = await createSession(database.db, bruno.id, null, NOW.getTime());

      await setMemberEnabled(database.db, { memberId: bruno.id }, ana.id, false, LATER);

      expect(await getMember(database.db, ana.id)).toMatchObject({ status: 'disabled', updatedAt: LATER });
      expect(await listMemberSessions(database.db, ana.id, LATER.getTime())).toEqual([]);
      for (const { token } of anaSessions) expect(await validateSessionToken(database.db, token, LATER.getTime())).toBeNull();
      expect(await validateSessionToken(database.db, brunoSession.token, LATER.getTime())).not.toBeNull();
      expect((await auditRows()).at(-1)).toMatchObject({ at: LATER, actor: bruno.id, action: 'member.disabled', targetMemberId: ana.id });
    });

    it('enabling makes a member who had signed in active again, and is audited', async () => {
      const ana = await addMember(database.db, 'cli', { email: 'ana@example.org' }, NOW);
      await markSignedIn(database.db, ana, NOW);
      await setMemberEnabled(database.db, 'cli', ana.id, false, NOW);
      await setMemberEnabled(database.db, 'cli', ana.id, true, LATER);
      expect(await getMember(database.db, ana.id)).toMatchObject({ status: 'active', updatedAt: LATER });
      expect((await auditRows()).at(-1)).toMatchObject({ actor: 'cli', action: 'member.enabled', targetMemberId: ana.id });
    });

    it('enabling leaves a member who never signed in invited', async () => {
      const ana = await addMember(database.db, 'cli', { email: 'ana@example.org' }, NOW);
      await setMemberEnabled(database.db, 'cli', ana.id, false, NOW);
      await setMemberEnabled(database.db, 'cli', ana.id, true, LATER);
      expect((await getMember(database.db, ana.id))?.status).toBe('invited');
    });

    it('refuses an unknown member', async () => {
      await expect(setMemberEnabled(database.db, 'cli', 'nobody', false, NOW)).rejects.toThrow(MemberError);
      expect(await auditRows()).toEqual([]);
    });
  });

  describe('roles', () => {
    it('changes a role and audits from what to what', async () => {
      const admin = await addMember(database.db, 'cli', { email: 'admin@example.org', role: 'admin' }, NOW);
      const ana = await addMember(database.db, 'cli', { email: 'ana@example.org' }, NOW);
      await setMemberRole(database.db, { memberId: admin.id }, ana.id, 'admin', LATER);
      expect(await getMember(database.db, ana.id)).toMatchObject({ role: 'admin', updatedAt: LATER });
      expect((await auditRows()).at(-1)).toMatchObject({
        at: LATER,
        actor: admin.id,
        action: 'member.role-changed',
        targetMemberId: ana.id,
        details: { from: 'member', to: 'admin' },
      });
      await setMemberRole(database.db, 'cli', ana.id, 'member', LATER);
      expect((await getMember(database.db, ana.id))?.role).toBe('member');
      expect((await auditRows()).at(-1)).toMatchObject({ actor: 'cli', details: { from: 'admin', to: 'member' } });
    });

    it('an administrator cannot remove their own role; another administrator or the operator can', async () => {
      const admin = await addMember(database.db, 'cli', { email: 'admin@example.org', role: 'admin' }, NOW);
      const other = await addMember(database.db, 'cli', { email: 'other@example.org', role: 'admin' }, NOW);
      const auditBefore = (await auditRows()).length;
      await expect(setMemberRole(database.db, { memberId: admin.id }, admin.id, 'member', LATER)).rejects.toThrow(MemberError);
      expect((await getMember(database.db, admin.id))?.role).toBe('admin');
      expect(await auditRows()).toHaveLength(auditBefore);

      await setMemberRole(database.db, { memberId: other.id }, admin.id, 'member', LATER);
      expect((await getMember(database.db, admin.id))?.role).toBe('member');
      await setMemberRole(database.db, 'cli', other.id, 'member', LATER);
      expect((await getMember(database.db, other.id))?.role).toBe('member');
    });

    it('an administrator cannot disable their own account, so an archive always keeps someone to run it', async () => {
      const admin = await addMember(database.db, 'cli', { email: 'admin@example.org', role: 'admin' }, NOW);
      await expect(setMemberEnabled(database.db, { memberId: admin.id }, admin.id, false, LATER)).rejects.toThrow(MemberError);
      expect((await getMember(database.db, admin.id))?.status).not.toBe('disabled');
    });

    it('records nothing when the role does not change', async () => {
      const ana = await addMember(database.db, 'cli', { email: 'ana@example.org' }, NOW);
      await setMemberRole(database.db, 'cli', ana.id, 'member', LATER);
      expect(await getMember(database.db, ana.id)).toMatchObject({ role: 'member', updatedAt: NOW });
      expect(await auditRows()).toHaveLength(1);
    });

    it('refuses an unknown member', async () => {
      await expect(setMemberRole(database.db, 'cli', 'nobody', 'admin', NOW)).rejects.toThrow(MemberError);
    });
  });

  describe('linking to a Slack person', () => {
    it('links explicitly, relinks, clears, and audits each change', async () => {
      await addPerson('U01', 'ana.old@example.org');
      await addPerson('U02', null);
      const ana = await addMember(database.db, 'cli', { email: 'ana@example.org' }, NOW);

      await linkSlackPerson(database.db, 'cli', ana.id, 'U01', LATER);
      expect(await getMember(database.db, ana.id)).toMatchObject({ slackPersonId: 'U01', updatedAt: LATER });
      // Linking again to the same person is not "taken by another member".
      await linkSlackPerson(database.db, 'cli', ana.id, 'U01', LATER);
      await linkSlackPerson(database.db, 'cli', ana.id, 'U02', LATER);
      expect((await getMember(database.db, ana.id))?.slackPersonId).toBe('U02');
      await linkSlackPerson(database.db, 'cli', ana.id, null, LATER);
      expect((await getMember(database.db, ana.id))?.slackPersonId).toBeNull();

      const links = (await auditRows()).filter((row) => row.action === 'member.slack-linked');
      expect(links.map((row) => row.details.slackPersonId)).toEqual(['U01', 'U01', 'U02', null]);
      expect(links.every((row) => row.targetMemberId === ana.id && row.actor === 'cli')).toBe(true);
    });

    it('refuses a person the archive does not know', async () => {
      const ana = await addMember(database.db, 'cli', { email: 'ana@example.org' }, NOW);
      await expect(linkSlackPerson(database.db, 'cli', ana.id, 'U404', LATER)).rejects.toThrow(MemberError);
      expect((await getMember(database.db, ana.id))?.slackPersonId).toBeNull();
    });

    it('links a person to one member only', async () => {
      await addPerson('U01', null);
      const ana = await addMember(database.db, 'cli', { email: 'ana@example.org' }, NOW);
      const bruno = await addMember(database.db, 'cli', { email: 'bruno@example.org' }, NOW);
      await linkSlackPerson(database.db, 'cli', ana.id, 'U01', LATER);
      const auditBefore = (await auditRows()).length;
      await expect(linkSlackPerson(database.db, 'cli', bruno.id, 'U01', LATER)).rejects.toThrow(/already linked to another member/);
      expect((await getMember(database.db, bruno.id))?.slackPersonId).toBeNull();
      expect((await getMember(database.db, ana.id))?.slackPersonId).toBe('U01');
      expect(await auditRows()).toHaveLength(auditBefore);
      // The database holds the rule too, whatever code writes.
      await expect(database.db.update(members).set({ slackPersonId: 'U01' }).where(eq(members.id, bruno.id))).rejects.toThrow();
    });
  });

  describe('markSignedIn', () => {
    it('makes an invited member active and records when', async () => {
      const ana = await addMember(database.db, 'cli', { email: 'ana@example.org' }, NOW);
      await markSignedIn(database.db, ana, LATER);
      expect(await getMember(database.db, ana.id)).toMatchObject({ status: 'active', lastSignInAt: LATER, updatedAt: LATER });
    });

    it('leaves a disabled member disabled', async () => {
      const ana = await addMember(database.db, 'cli', { email: 'ana@example.org' }, NOW);
      await setMemberEnabled(database.db, 'cli', ana.id, false, NOW);
      const disabled = (await getMember(database.db, ana.id))!;
      await markSignedIn(database.db, disabled, LATER);
      expect((await getMember(database.db, ana.id))?.status).toBe('disabled');
    });
  });

  describe('audit log', () => {
    it('pages the log newest first with the total', async () => {
      for (const email of ['a@example.org', 'b@example.org', 'c@example.org']) await addMember(database.db, 'cli', { email }, NOW);
      const first = await listAudit(database.db, 1, 2);
      expect(first.total).toBe(3);
      expect(first.items.map((row) => row.id)).toEqual([3, 2]);
      expect((await listAudit(database.db, 2, 2)).items.map((row) => row.id)).toEqual([1]);
    });
  });

  describe('time zone', () => {
    it('keeps a real zone, returns to the community one with null, and refuses an unknown one without changing anything', async () => {
      const member = await addMember(database.db, 'cli', { email: 'zone@example.org' }, NOW);
      await setMemberTimeZone(database.db, member.id, 'Europe/Paris', LATER);
      expect((await getMember(database.db, member.id))?.timeZone).toBe('Europe/Paris');
      await expect(setMemberTimeZone(database.db, member.id, 'Mars/Olympus_Mons', LATER)).rejects.toThrow(MemberError);
      expect((await getMember(database.db, member.id))?.timeZone).toBe('Europe/Paris');
      await setMemberTimeZone(database.db, member.id, null, LATER);
      expect((await getMember(database.db, member.id))?.timeZone).toBeNull();
    });
  });
});

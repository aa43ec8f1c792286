import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../db/schema/accounts.ts';
import { people } from '../db/schema/archive.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { addMembersFromSlack, importMembersCsv } from './import-members.ts';
import { addMember, findMemberByEmail, listMembers } from './members.ts';

describe('importing members', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  beforeEach(async () => {
    database = await openTempDatabase();
  });
  afterEach(() => database.dispose());

  async function emails(): Promise<string[]> {
    return (await listMembers(database.db, { page: 1, pageSize: 1000 })).items.map((member) => member.email);
  }

  async function auditActions(): Promise<{ action: string; details: unknown }[]> {
    const rows = await database.db.select().from(auditLog).orderBy(auditLog.id);
    return rows.map((row) => ({ action: row.action, details: JSON.parse(row.details ?? '{}') }));
  }

  describe('importMembersCsv', () => {
    it('adds every row of a comma-separated file with its name, locale and role, and audits the import', async () => {
      const csv = 'email,name,locale,role\nana@example.org,Ana Silva,en,admin\nBruno@Example.org,Bruno,fr,member\ncarla@example.org,,,\n';
      const report = await importMembersCsv(database.db, 'cli', csv);
      expect(report).toEqual({ added: 3, alreadyMembers: 0, skipped: [] });
      expect(await findMemberByEmail(database.db, 'ana@example.org')).toMatchObject({ name: 'Ana Silva', locale: 'en', role: 'admin', status: 'invited' });
      expect(await findMemberByEmail(database.db, 'bruno@example.org')).toMatchObject({ email: 'bruno@example.org', name: 'Bruno', locale: 'fr', role: 'member' });
      expect(await findMemberByEmail(database.db, 'carla@example.org')).toMatchObject({ name: null, locale: 'fr', role: 'member' });
      const actions = await auditActions();
      expect(actions.filter((row) => row.action === 'member.added')).toHaveLength(3);
      expect(actions.at(-1)).toEqual({ action: 'member.imported', details: { added: 3, skipped: 0 } });
    });

    it('reads the semicolon files of French spreadsheets, with a BOM, CRLF, quotes and a header in any case', async () => {
      const csv = '\uFEFFEmail ; Nom ; LOCALE ; Role\r\n"ana@example.org";"Silva, Ana";en;member\r\nbruno@example.org;Bruno;fr;admin\r\n';
      const report = await importMembersCsv(database.db, 'cli', csv);
      expect(report).toEqual({ added: 2, alreadyMembers: 0, skipped: [] });
      expect(await findMemberByEmail(database.db, 'ana@example.org')).toMatchObject({ locale: 'en', role: 'member' });
      expect(await findMemberByEmail(database.db, 'bruno@example.org')).toMatchObject({ role: 'admin' });
    });

    it('takes the name column when the header says name, quoted commas included', async () => {
      const report = await importMembersCsv(database.db, 'cli', 'email,name\nana@example.org,"Silva, Ana"\n');
      expect(report.added).toBe(1);
      expect((await findMemberByEmail(database.db, 'ana@example.org'))?.name).toBe('Silva, Ana');
    });

    it('accepts a file with only the email column', async () => {
      const report = await importMembersCsv(database.db, 'cli', 'email\nana@example.org\nbruno@example.org');
      expect(report).toEqual({ added: 2, alreadyMembers: 0, skipped: [] });
    });

    it('reports bad lines with their line number and reason, and adds the rest', async () => {
      const csv = [
        'email,name,locale,role',
        'ana@example.org,Ana,fr,member',
        'not-an-address,Nobody,fr,member',
        'bruno@example.org,Bruno,fr,owner',
        'carla@example.org,Carla,en,admin',
        ',Empty,fr,member',
      ].join('\n');
      const report = await importMembersCsv(database.db, 'cli', csv);
      expect(report.added).toBe(2);
      expect(report.alreadyMembers).toBe(0);
      expect(report.skipped.map((skip) => skip.line)).toEqual([3, 4, 6]);
      expect(report.skipped[0]?.reason).toMatch(/^email: /);
      expect(report.skipped[1]?.reason).toMatch(/^role: /);
      expect(report.skipped[2]?.reason).toMatch(/^email: /);
      expect(await emails()).toEqual(['ana@example.org', 'carla@example.org']);
      expect((await auditActions()).at(-1)).toEqual({ action: 'member.imported', details: { added: 2, skipped: 3 } });
    });

    it('takes an unknown locale as the default rather than refusing the line', async () => {
      const report = await importMembersCsv(database.db, 'cli', 'email,locale\nana@example.org,de\n');
      expect(report).toEqual({ added: 1, alreadyMembers: 0, skipped: [] });
      expect((await findMemberByEmail(database.db, 'ana@example.org'))?.locale).toBe('fr');
    });

    it('counts addresses already members, whatever their case, and the same address twice in the file, once', async () => {
      await addMember(database.db, 'cli', { email: 'ana@example.org', name: 'Ana', role: 'admin' });
      const csv = 'email,name,role\nANA@example.org,Someone else,member\nbruno@example.org,Bruno,\nBruno@example.org,Bruno again,\n';
      const report = await importMembersCsv(database.db, 'cli', csv);
      expect(report).toEqual({ added: 1, alreadyMembers: 2, skipped: [] });
      // The existing member is left as they were.
      expect(await findMemberByEmail(database.db, 'ana@example.org')).toMatchObject({ name: 'Ana', role: 'admin' });
      expect(await findMemberByEmail(database.db, 'bruno@example.org')).toMatchObject({ name: 'Bruno' });
    });

    it('links imported members to the Slack person with their address', async () => {
      await database.db.insert(people).values({ id: 'U01', email: 'ana@example.org' });
      await importMembersCsv(database.db, 'cli', 'email\nAna@Example.org\n');
      expect((await findMemberByEmail(database.db, 'ana@example.org'))?.slackPersonId).toBe('U01');
    });

    it('refuses a file that cannot be read as CSV, adding no one', async () => {
      await expect(importMembersCsv(database.db, 'cli', 'email,name\nana@example.org,"Ana\nbruno@example.org,Bruno\n')).rejects.toThrow(
        /^the CSV file cannot be read: /,
      );
      expect(await emails()).toEqual([]);
    });

    it('reports the line number of the file even when empty lines come before the bad line', async () => {
      const csv = 'email,name\nana@example.org,Ana\n\n\nnot-an-address,Nobody\n';
      const report = await importMembersCsv(database.db, 'cli', csv);
      expect(report.added).toBe(1);
      expect(report.skipped.map((skip) => skip.line)).toEqual([5]);
    });

    it('reports a line with more fields than the header and adds the others', async () => {
      const csv = 'email,name\nana@example.org,Ana\nbruno@example.org,Bruno,extra\ncarla@example.org,Carla\n';
      const report = await importMembersCsv(database.db, 'cli', csv);
      expect(report.added).toBe(2);
      expect(report.skipped.map((skip) => skip.line)).toEqual([3]);
      expect(await emails()).toEqual(['ana@example.org', 'carla@example.org']);
    });

    it('does not abort the import over a line that leaves out optional trailing columns', async () => {
      const csv = 'email,name,locale,role\nana@example.org,Ana,fr,member\nbruno@example.org\ncarla@example.org,Carla,en,member\n';
      const report = await importMembersCsv(database.db, 'cli', csv);
      expect(await emails()).toEqual(expect.arrayContaining(['ana@example.org', 'carla@example.org']));
      // Bruno's line is either taken (only the address is required) or reported: never lost silently.
      expect(report.added + report.skipped.length).toBe(3);
    });
  });

  describe('addMembersFromSlack', () => {
    beforeEach(async () => {
      await database.db.insert(people).values([
        { id: 'U01', email: 'ana@example.org', realName: 'Ana Silva', displayName: 'ana' },
        { id: 'U02', email: 'bruno@example.org', realName: 'Bruno Costa', displayName: '' },
        { id: 'U03', email: 'bot@example.org', realName: 'Robot', isBot: true },
        { id: 'U04', email: 'gone@example.org', realName: 'Gone', isDeleted: true },
        { id: 'U05', email: null, realName: 'No Address' },
        { id: 'U06', email: 'not an address', realName: 'Broken' },
        { id: 'U07', email: 'guest@example.org', realName: 'Guest', isGuest: true },
      ]);
    });

    it('adds people with an address, not bots, not deleted accounts, linked to their Slack identity', async () => {
      expect(await addMembersFromSlack(database.db, 'cli')).toBe(3);
      expect(await emails()).toEqual(['ana@example.org', 'bruno@example.org', 'guest@example.org']);
      expect(await findMemberByEmail(database.db, 'ana@example.org')).toMatchObject({ slackPersonId: 'U01', name: 'ana', status: 'invited', role: 'member' });
      // No display name: the real name.
      expect(await findMemberByEmail(database.db, 'bruno@example.org')).toMatchObject({ slackPersonId: 'U02', name: 'Bruno Costa' });
      expect(await findMemberByEmail(database.db, 'guest@example.org')).toMatchObject({ slackPersonId: 'U07' });
      expect((await auditActions()).filter((row) => row.action === 'member.added')).toHaveLength(3);
    });

    it('leaves existing members alone and adds nothing the second time', async () => {
      await addMember(database.db, 'cli', { email: 'bruno@example.org', name: 'Bruno', role: 'admin' });
      expect(await addMembersFromSlack(database.db, 'cli')).toBe(2);
      expect(await findMemberByEmail(database.db, 'bruno@example.org')).toMatchObject({ name: 'Bruno', role: 'admin' });
      expect(await addMembersFromSlack(database.db, 'cli')).toBe(0);
      expect(await emails()).toHaveLength(3);
    });

    it('links a member added before the Slack import to the person with the same address', async () => {
      const dora = await addMember(database.db, 'cli', { email: 'dora@example.org' });
      expect(dora.slackPersonId).toBeNull();
      // The Slack export arrives afterwards with Dora in it.
      await database.db.insert(people).values({ id: 'U08', email: 'dora@example.org', realName: 'Dora' });

      await addMembersFromSlack(database.db, 'cli');
      expect((await findMemberByEmail(database.db, 'dora@example.org'))?.slackPersonId).toBe('U08');
    });
  });
});

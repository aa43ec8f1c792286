import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { createOutboxTransport } from '../mail/outbox-transport.ts';
import { addMember, getMember, type Member } from './members.ts';
import { confirmEmailChange, EMAIL_CHANGE_VALID_MS, rectifyProfile, requestEmailChange, type EmailChangeDeps } from './rectify.ts';

describe('a member corrects their profile and changes their address', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let member: Member;
  let deps: EmailChangeDeps;

  beforeEach(async () => {
    database = await openTempDatabase();
    member = await addMember(database.db, 'cli', { email: 'old@example.org', name: 'Claire' });
    await addMember(database.db, 'cli', { email: 'taken@example.org' });
    deps = {
      db: database.db,
      mail: { db: database.db, transport: createOutboxTransport(), from: 'portail@example.org', keepSecretBodies: true },
      publicUrl: 'https://portail.example.org/',
      communityName: 'Collectif',
      contactEmail: 'vie-privee@example.org',
      confirmPath: (locale) => (locale === 'fr' ? '/fr/compte/courriel' : '/en/account/email'),
    };
  });
  afterEach(() => database.dispose());

  const mails = async () => (await database.client.execute('SELECT recipient, template, text_body FROM mail_messages ORDER BY created_at, rowid')).rows;
  const linkIn = (text: unknown) => /https:\/\/\S+\?token=(\S+)/.exec(String(text))!;

  it('name, display name and language: changed, and audited by field name only', async () => {
    expect(await rectifyProfile(database.db, member, { name: 'Claire Dubois', displayName: 'Claire D.', locale: 'en' })).toEqual(['name', 'displayName', 'locale']);
    expect(await getMember(database.db, member.id)).toMatchObject({ name: 'Claire Dubois', displayName: 'Claire D.', locale: 'en' });
    const audit = await database.client.execute(`SELECT details FROM audit_log WHERE action = 'member.profile-rectified'`);
    expect(String(audit.rows[0]!.details)).toBe('{"fields":["name","displayName","locale"]}');
  });

  it('the link goes to the new address only; opening it changes the address once, and the old address is told', async () => {
    expect(await requestEmailChange(deps, member, ' New@Example.org ')).toBe('sent');
    const [confirm] = await mails();
    expect(confirm).toMatchObject({ recipient: 'new@example.org', template: 'email-change' });
    const [link, token] = linkIn(confirm!.text_body);
    expect(link).toMatch(/^https:\/\/portail\.example\.org\/fr\/compte\/courriel\?token=/);
    // Stored hashed: the token itself is nowhere in the database.
    const stored = await database.client.execute('SELECT token_hash FROM email_changes');
    expect(String(stored.rows[0]!.token_hash)).not.toContain(decodeURIComponent(token!));
    expect((await getMember(database.db, member.id))!.email).toBe('old@example.org');

    expect(await confirmEmailChange(deps, decodeURIComponent(token!))).toEqual({ status: 'changed', memberId: member.id });
    expect((await getMember(database.db, member.id))!.email).toBe('new@example.org');
    expect((await mails()).at(-1)).toMatchObject({ recipient: 'old@example.org', template: 'email-changed' });
    expect(await confirmEmailChange(deps, decodeURIComponent(token!))).toEqual({ status: 'invalid' });
  });

  it('expired, replaced or forged links change nothing; an address already taken gets no mail', async () => {
    const start = new Date('2026-12-01T10:00:00Z');
    await requestEmailChange(deps, member, 'first@example.org', start);
    const first = decodeURIComponent(linkIn((await mails())[0]!.text_body)[1]!);
    await requestEmailChange(deps, member, 'second@example.org', start);
    const second = decodeURIComponent(linkIn((await mails())[1]!.text_body)[1]!);
    expect(await confirmEmailChange(deps, first, start)).toEqual({ status: 'invalid' });
    expect(await confirmEmailChange(deps, second, new Date(start.getTime() + EMAIL_CHANGE_VALID_MS + 1))).toEqual({ status: 'invalid' });
    expect(await confirmEmailChange(deps, 'forged-token', start)).toEqual({ status: 'invalid' });
    expect((await getMember(database.db, member.id))!.email).toBe('old@example.org');

    const before = (await mails()).length;
    expect(await requestEmailChange(deps, member, 'taken@example.org')).toBe('sent');
    expect((await mails()).length).toBe(before);
    expect(await requestEmailChange(deps, member, 'old@example.org')).toBe('same');
    expect(await requestEmailChange(deps, member, 'not an address')).toBe('invalid');
  });
});

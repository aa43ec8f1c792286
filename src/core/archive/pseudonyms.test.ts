import Libsql from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { captureLog } from '../../../tests/support/capture-log.ts';
import { addMember, getMember, linkSlackPerson, type Member } from '../accounts/members.ts';
import { recordConsents } from '../accounts/consents.ts';
import { loadMessageViews } from './message-view.ts';
import { loadPeople } from './people-names.ts';
import { readPersonPage } from './person-page.ts';
import { readThread } from './thread.ts';
import { readChannelPage } from './channel-page.ts';
import { listDirectory } from './directory.ts';
import { mentionedIdsSql, pseudonymInSnippet } from './pseudonyms.ts';
import { ArchivePrivacyError, setMessageHidden, setNameLevel, setPseudonymiseDefault } from './name-levels.ts';
import { messages } from '../db/schema/archive.ts';

const MEMBER_PERSON = 'U0MEMBER01';
const LEFT = 'U0LEFT0001';
const BOT = 'B0BOT00001';
const CHANNEL = 'C0GENERAL1';

describe('how the archive names people: name, initials, « Ancien membre »', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let member: Member;
  const deps = () => ({ db: database.db, search: null, log: captureLog().log });

  beforeEach(async () => {
    database = await openTempDatabase();
    const run = (sqlText: string, args: (string | number)[] = []) => database.client.execute({ sql: sqlText, args });
    await run(`INSERT INTO people (id, handle, display_name, real_name, is_bot) VALUES (?, 'claire', 'Claire', 'Claire Dubois', 0), (?, 'paul', 'Paul', 'Paul Tremblay', 0), (?, 'robot', 'Rappels', NULL, 1)`, [MEMBER_PERSON, LEFT, BOT]);
    await run(`INSERT INTO channels (id, kind, name, folder, listed) VALUES (?, 'public', 'general', 'general', 1)`, [CHANNEL]);
    const insert = (ts: string, userId: string, html: string) =>
      run(`INSERT INTO messages (channel_id, ts, ts_ms, user_id, text, html, plain, source_hash) VALUES (?, ?, ?, ?, ?, ?, ?, 'x')`, [CHANNEL, ts, Number(ts) * 1000, userId, html, html, html]);
    await insert('1700000001.000100', MEMBER_PERSON, `<p>Bonjour <a class="mention" href="/archive/people/${LEFT}">@Paul</a> et <a class="mention" href="/archive/people/${MEMBER_PERSON}">@Claire</a></p>`);
    await insert('1700000002.000100', LEFT, '<p>Salut</p>');
    const added = await addMember(database.db, 'cli', { email: 'claire@example.org' });
    await linkSlackPerson(database.db, 'cli', added.id, MEMBER_PERSON);
    member = (await getMember(database.db, added.id))!;
  });
  afterEach(() => database.dispose());

  const rows = () => database.db.select().from(messages).orderBy(messages.ts);

  it('a pseudonymised person is « Ancien membre » in names, mentions and their person page; reversed, named again', async () => {
    await setNameLevel(deps(), 'cli', LEFT, { level: 'pseudonymised', source: 'admin', reason: 'demande par courriel', requestedAt: new Date('2026-11-30T12:00:00Z') }, null);
    expect((await loadPeople(database.db, [LEFT, MEMBER_PERSON])).get(LEFT)).toMatchObject({ name: 'Ancien membre', pseudonymised: true });
    expect((await loadPeople(database.db, [LEFT], 'en')).get(LEFT)!.name).toBe('Former member');
    const views = await loadMessageViews(database.db, await rows());
    expect(views[0]!.html).toContain('@Ancien membre</a>');
    expect(views[0]!.html).not.toContain('@Paul');
    expect(views[0]!.html).toContain('@Claire</a>');
    expect(views[1]!.author.name).toBe('Ancien membre');
    const page = await readPersonPage(database.db, LEFT, new Set([CHANNEL]), null);
    expect(page.person).toMatchObject({ displayName: 'Ancien membre', realName: null, handle: null });
    expect(JSON.stringify(page)).not.toMatch(/Paul|Tremblay|paul/);
    // An English page says it in English: names, mentions, the person page.
    const english = await loadMessageViews(database.db, await rows(), 'en');
    expect(english[0]!.html).toContain('@Former member</a>');
    expect(english[1]!.author.name).toBe('Former member');
    expect((await readPersonPage(database.db, LEFT, new Set([CHANNEL]), null, 30, 'en')).person).toMatchObject({ displayName: 'Former member' });
    expect((await readThread(database.db, CHANNEL, '1700000002.000100', 'en'))!.root!.author.name).toBe('Former member');
    expect((await readChannelPage(database.db, CHANNEL, { at: 'latest' }, 50, 'en')).messages.map((message) => message.author.name)).toEqual(['Claire', 'Former member']);

    await setNameLevel(deps(), 'cli', LEFT, { level: null, source: 'admin', reason: 'retrait de la demande', requestedAt: new Date() }, null);
    expect((await loadPeople(database.db, [LEFT])).get(LEFT)!.name).toBe('Paul');
    expect((await loadMessageViews(database.db, await rows()))[0]!.html).toContain('@Paul</a>');
  });

  it('a direct conversation is named after its participants in the page language', async () => {
    await database.client.execute({ sql: `INSERT INTO channels (id, kind, name, folder, listed) VALUES ('D0DIRECT01', 'dm', 'D0DIRECT01', 'D0DIRECT01', 0)`, args: [] });
    await database.client.execute({ sql: `INSERT INTO channel_members (channel_id, person_id) VALUES ('D0DIRECT01', ?), ('D0DIRECT01', ?)`, args: [LEFT, MEMBER_PERSON] });
    await setNameLevel(deps(), 'cli', LEFT, { level: 'pseudonymised', source: 'admin', reason: 'demande', requestedAt: new Date() }, null);
    expect((await listDirectory(database.db, new Set(['D0DIRECT01']), 'en'))[0]!.label).toBe('Claire, Former member');
    expect((await listDirectory(database.db, new Set(['D0DIRECT01'])))[0]!.label).toBe('Ancien membre, Claire');
  });

  it("a hit's snippet says the pseudonym in the reader's language, even cut by highlights", () => {
    const parts = [{ text: 'merci @Ancien ', match: false }, { text: 'membre', match: true }, { text: ' et @Ancien membre', match: false }];
    expect(pseudonymInSnippet(parts, 'en')).toEqual([{ text: 'merci @Former member', match: false }, { text: ' et @Former member', match: false }]);
    expect(pseudonymInSnippet(parts, 'fr')).toEqual(parts);
    expect(pseudonymInSnippet([{ text: 'rien à changer', match: false }], 'en')).toEqual([{ text: 'rien à changer', match: false }]);
    // The embedded engine starts a snippet on a word: the mention's "@" is cut off.
    expect(pseudonymInSnippet([{ text: 'Ancien membre merci', match: false }], 'en')).toEqual([{ text: 'Former member merci', match: false }]);
    expect(pseudonymInSnippet([{ text: 'un ancien membre', match: false }], 'en')).toEqual([{ text: 'un ancien membre', match: false }]);
  });

  it("an administrator's change needs the request's reason, and is audited with its date", async () => {
    await expect(setNameLevel(deps(), 'cli', LEFT, { level: 'pseudonymised', source: 'admin', reason: ' ' }, null)).rejects.toThrow(ArchivePrivacyError);
    await setNameLevel(deps(), 'cli', LEFT, { level: 'pseudonymised', source: 'admin', reason: 'lettre reçue', requestedAt: new Date('2026-11-30T12:00:00Z') }, null);
    const audit = await database.client.execute(`SELECT action, details FROM audit_log WHERE action = 'person.name-level-changed'`);
    expect(JSON.parse(String(audit.rows[0]!.details))).toEqual({ personId: LEFT, level: 'pseudonymised', source: 'admin', requestedAt: '2026-11-30T12:00:00.000Z', reason: 'lettre reçue' });
  });

  it('the community default pseudonymises people who never had an account, not members nor bots, unless kept named', async () => {
    expect((await loadPeople(database.db, [LEFT])).get(LEFT)!.name).toBe('Paul');
    await setPseudonymiseDefault(deps(), 'cli', true);
    const names = await loadPeople(database.db, [LEFT, MEMBER_PERSON, BOT]);
    expect([names.get(LEFT)!.name, names.get(MEMBER_PERSON)!.name, names.get(BOT)!.name]).toEqual(['Ancien membre', 'Claire', 'Rappels']);
    await setNameLevel(deps(), 'cli', LEFT, { level: 'named', source: 'admin', reason: 'souhaite garder son nom', requestedAt: new Date() }, null);
    expect((await loadPeople(database.db, [LEFT])).get(LEFT)!.name).toBe('Paul');
    await setPseudonymiseDefault(deps(), 'cli', false);
    await setNameLevel(deps(), 'cli', LEFT, { level: null, source: 'admin', reason: 'retour au réglage', requestedAt: new Date() }, null);
    expect((await loadPeople(database.db, [LEFT])).get(LEFT)!.name).toBe('Paul');
  });

  it('pseudonymised wins over initials; initials stay for a member who only declined "show my name"', async () => {
    await recordConsents(database.db, member.id, { 'show-name': false }, 'account');
    expect((await loadPeople(database.db, [MEMBER_PERSON])).get(MEMBER_PERSON)!.name).toBe('C');
    await setNameLevel(deps(), { memberId: member.id }, MEMBER_PERSON, { level: 'pseudonymised', source: 'member' }, member.id);
    expect((await loadPeople(database.db, [MEMBER_PERSON])).get(MEMBER_PERSON)!.name).toBe('Ancien membre');
  });

  it('a member hides only their own message: its words, author and files are gone from pages until shown again', async () => {
    const [own, other] = await rows();
    await expect(setMessageHidden(deps(), member, CHANNEL, other!.ts, true)).rejects.toMatchObject({ code: 'not-author' });
    await expect(setMessageHidden(deps(), member, CHANNEL, '1111111111.000000', true)).rejects.toMatchObject({ code: 'not-found' });
    await setMessageHidden(deps(), member, CHANNEL, own!.ts, true);
    const [hidden] = await loadMessageViews(database.db, [own!]);
    expect(hidden).toMatchObject({ hidden: true, author: { name: '—' } });
    expect(hidden!.html).not.toContain('Bonjour');
    await setMessageHidden(deps(), member, CHANNEL, own!.ts, false);
    expect((await loadMessageViews(database.db, [own!]))[0]!.html).toContain('Bonjour');
  });
});

describe('the mentions a Slack text holds, read in SQL', () => {
  it('lists each mentioned id once, with or without a name after it, and nothing for a broken or absent mention', () => {
    const db = new Libsql(':memory:');
    const ids = (text: string) => (db.prepare(`SELECT id FROM (${mentionedIdsSql('?')}) ORDER BY id`).pluck().all(text, text, text) as string[]);
    expect(ids('<@U0ANA0001> et <@U0BOB0001|bob>, encore <@U0ANA0001>')).toEqual(['U0ANA0001', 'U0BOB0001']);
    expect(ids('<!channel> rien ici, ni <#C0GENERAL1|general>')).toEqual([]);
    expect(ids('coupé <@U0ANA0001')).toEqual([]);
    expect(ids('<@>')).toEqual([]);
    db.close();
  });
});

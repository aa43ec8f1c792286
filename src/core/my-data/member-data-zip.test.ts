import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { readZipEntries } from '../../../tests/support/read-zip-entries.ts';
import { addMember, getMember, linkSlackPerson, type Member } from '../accounts/members.ts';
import { recordConsents } from '../accounts/consents.ts';
import { createSession } from '../accounts/sessions.ts';
import { setNameLevel } from '../archive/name-levels.ts';
import { members } from '../db/schema/accounts.ts';
import { captureLog } from '../../../tests/support/capture-log.ts';
import { DATA_FILES } from './data-files.ts';
import { downloadMyData } from './download.ts';

const PERSON = 'U0MYDATA01';
const OTHER = 'U0OTHER002';

describe("a member's data download", () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let member: Member;
  let dir: string;

  beforeEach(async () => {
    database = await openTempDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-my-data-'));
    const db = database.db;
    const run = (sqlText: string, args: (string | number | null)[] = []) => database.client.execute({ sql: sqlText, args });
    await run(`INSERT INTO people (id, handle, display_name) VALUES (?, 'claire', 'Claire'), (?, 'noemie', 'Noémie')`, [PERSON, OTHER]);
    await run(`INSERT INTO channels (id, kind, name, folder, listed) VALUES ('C0GENERAL1', 'public', 'general', 'general', 1)`);
    for (let i = 0; i < 1203; i++) {
      const ts = `${1700000000 + i}.000100`;
      const text = i === 5 ? `<@${OTHER}> a dit "bonjour, =SUM(A1)"` : `message ${i}`;
      const plain = i === 5 ? '@Noémie a dit "bonjour, =SUM(A1)"' : `message ${i}`;
      await run(`INSERT INTO messages (channel_id, ts, ts_ms, user_id, text, html, plain, source_hash) VALUES ('C0GENERAL1', ?, ?, ?, ?, ?, ?, 'x')`, [ts, (1700000000 + i) * 1000, PERSON, text, plain, plain]);
    }
    await run(`INSERT INTO messages (channel_id, ts, ts_ms, user_id, text, html, plain, source_hash) VALUES ('C0GENERAL1', '1800000000.000100', 1800000000000, ?, 'not mine', 'not mine', 'not mine', 'x')`, [OTHER]);
    const added = await addMember(db, 'cli', { email: 'claire@example.org', name: 'Claire Dubois' });
    await linkSlackPerson(db, 'cli', added.id, PERSON);
    member = (await getMember(db, added.id))!;
    await recordConsents(db, member.id, { 'account-mail': true, 'show-name': true, 'include-in-search': true, 'community-news': true }, 'renewal');
    await recordConsents(db, member.id, { 'community-news': false }, 'account');
    await createSession(db, member.id, 'Firefox on Linux');
    await run(
      `INSERT INTO mail_messages (id, created_at, recipient, member_id, template, locale, stream, subject, transport, status, provider_message_id, sent_at, text_body)
       VALUES ('mail1', 1700000000000, 'claire@example.org', ?, 'sign-in', 'fr', 'outbound', 'Votre code', 'postmark', 'sent', 'pm-1', 1700000001000, 'code 123456')`,
      [member.id],
    );
    await run(`INSERT INTO mail_events (id, kind, provider_message_id, recipient, at) VALUES ('ev1', 'delivered', 'pm-1', 'claire@example.org', 1700000002000)`);
    // Someone else, pseudonymised: their mention in the member's message is renamed in the download too.
    await setNameLevel({ db, search: null, log: captureLog().log }, 'cli', OTHER, { level: 'pseudonymised', source: 'admin', reason: 'asked by email', requestedAt: new Date() }, null);
  });
  afterEach(() => {
    database.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function download(): Promise<Map<string, Buffer>> {
    const outcome = await downloadMyData(database.db, member, { publicUrl: 'https://portail.example.org' });
    if (!outcome.allowed) throw new Error('rate limited');
    const file = path.join(dir, 'data.zip');
    await pipeline(outcome.stream, fs.createWriteStream(file));
    return readZipEntries(file);
  }

  it('holds every file as JSON and CSV, and the schema describing them', async () => {
    const entries = await download();
    const expected = ['schema.json', ...DATA_FILES.flatMap((file) => [`${file.name}.json`, `${file.name}.csv`])];
    expect([...entries.keys()].toSorted()).toEqual(expected.toSorted());
    const schema = JSON.parse(entries.get('schema.json')!.toString()) as { files: { files: string[]; columns: { name: string }[] }[] };
    for (const file of DATA_FILES) {
      const rows = JSON.parse(entries.get(`${file.name}.json`)!.toString()) as Record<string, unknown>[];
      const described = schema.files.find((entry) => entry.files.includes(`${file.name}.json`))!;
      for (const row of rows) expect(Object.keys(row)).toEqual(described.columns.map((column) => column.name));
      const header = entries.get(`${file.name}.csv`)!.toString().replace(/^\uFEFF/, '').split('\r\n')[0];
      expect(header).toBe(described.columns.map((column) => column.name).join(','));
    }
  });

  it("matches the member's data: profile, consents with versions, sessions, mails with delivery, audit, messages", async () => {
    const entries = await download();
    const json = (name: string) => JSON.parse(entries.get(name)!.toString()) as Record<string, unknown>[];
    expect(json('profile.json')).toMatchObject([{ member_id: member.id, email: 'claire@example.org', name: 'Claire Dubois', slack_person_id: PERSON, slack_display_name: 'Claire', name_in_archive: 'name' }]);
    expect(json('consents.json').map((row) => [row.purpose, row.granted, row.version, row.source])).toEqual([
      ['account-mail', 'yes', 1, 'renewal'],
      ['show-name', 'yes', 1, 'renewal'],
      ['include-in-search', 'yes', 1, 'renewal'],
      ['community-news', 'yes', 1, 'renewal'],
      ['community-news', 'no', 1, 'account'],
    ]);
    expect(json('sessions.json')).toMatchObject([{ device: 'Firefox on Linux' }]);
    expect(json('mails.json')).toEqual([
      { created_at: '2023-11-14T22:13:20.000Z', template: 'sign-in', subject: 'Votre code', status: 'sent', sent_at: '2023-11-14T22:13:21.000Z', delivery: 'delivered at 2023-11-14T22:13:22Z' },
    ]);
    // Mail bodies never leave the database, even their own.
    expect(entries.get('mails.csv')!.toString()).not.toContain('123456');
    expect(json('audit.json').map((row) => row.action)).toContain('member.slack-linked');
    const messages = json('messages.json');
    expect(messages).toHaveLength(1203);
    expect(messages.every((row) => row.channel === 'general')).toBe(true);
    expect(messages[0]).toEqual({
      at: '2023-11-14T22:13:20.000Z',
      channel: 'general',
      channel_id: 'C0GENERAL1',
      ts: '1700000000.000100',
      thread_ts: null,
      text: 'message 0',
      hidden: 'no',
      permalink: 'https://portail.example.org/archive/C0GENERAL1/1700000000.000100',
    });
    expect(messages[5]!.text).toBe('@Ancien membre a dit "bonjour, =SUM(A1)"');
    const csv = entries.get('messages.csv')!.toString().split('\r\n');
    expect(csv).toHaveLength(1203 + 2);
    // A leading @ would be a formula to a spreadsheet: defused, and the quotes and comma quoted.
    expect(csv[6]).toContain(`"'@Ancien membre a dit ""bonjour, =SUM(A1)"""`);
  });

  it("names a pseudonymised person in the member's own language", async () => {
    await database.db.update(members).set({ locale: 'en' }).where(eq(members.id, member.id));
    member = (await getMember(database.db, member.id))!;
    const messages = JSON.parse((await download()).get('messages.json')!.toString()) as { text: string }[];
    expect(messages[5]!.text).toBe('@Former member a dit "bonjour, =SUM(A1)"');
  });

  it('is audited with the number of messages, and rate limited per member', async () => {
    await download();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const audit = await database.client.execute({ sql: `SELECT details FROM audit_log WHERE action = 'member.data-downloaded' AND actor = ?`, args: [member.id] });
    expect(audit.rows.map((row) => JSON.parse(String(row.details)))).toEqual([{ messages: 1203, complete: true }]);
    await download();
    await download();
    const fourth = await downloadMyData(database.db, member, { publicUrl: 'https://portail.example.org' });
    expect(fourth.allowed).toBe(false);
  });
});

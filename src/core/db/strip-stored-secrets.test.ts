import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { embeddedEngineOn } from '../../../tests/support/search-engines.ts';
import { hashArchive } from '../../../tests/support/archive-hash.ts';
import { columnsHolding } from '../../../tests/support/columns-holding.ts';
import { openDatabase, type Database } from './client.ts';
import { MIGRATIONS_FOLDER, migrateDatabase } from './migrate.ts';
import { files, messages, people, settings } from './schema/index.ts';
import { STRIP_SECRETS_REQUEST } from './strip-stored-secrets.ts';

/*
 * An archive imported before every Slack secret was stripped, as that version
 * stored it: `t=` gone from message text and file links, but `token=` links,
 * pasted tokens, attachments, avatars, topics and names kept theirs, and the
 * embedded search index holds their words. Upgrading must leave no "xox" in
 * any table, and everything else as it was.
 */

const XOXE = 'xoxe-1-FAKEMy0xLTE4NjY2ODk4NjU2LTQ2NzgwMjY1OTM2NjU';
const XOXB = 'xoxb-17653672481-19874698323-FAKEpdFZKVeTuE8sk7oOcBrzbqgy';
/** Inside the bot token's last words, as the index stores them (lower case, letters apart from digits, past any prefix they share). */
const TOKEN_BODY = 'pdfzkv';
const TEAM = 'T0J024XGA';
const SITE = 'https://hyperledgerproject.slack.com';
const CANVAS = `${SITE}/docs/${TEAM}/F07CANVAS1`;
const AVATAR = 'https://avatars.slack-edge.com/2016-05-10/41625045731_2a2e06ba6941c8d7f74a_72.jpg';
const CHANNEL = 'C1144F7U5';
const LAST_MIGRATION_BEFORE = '0005_member_time_zone';

const leaking = {
  text: `Roadmap <${CANVAS}?origin_team=${TEAM}&amp;token=${XOXE}|canvas>, hooks ${XOXB}`,
  html: `Roadmap <a href="${CANVAS}?origin_team=${TEAM}&amp;token=${XOXE}" rel="nofollow noopener noreferrer" class="external">canvas</a>, hooks ${XOXB}`,
  plain: `Roadmap canvas, hooks ${XOXB}`,
};
const repaired = {
  text: `Roadmap <${CANVAS}?origin_team=${TEAM}|canvas>, hooks `,
  html: `Roadmap <a href="${CANVAS}?origin_team=${TEAM}" rel="nofollow noopener noreferrer" class="external">canvas</a>, hooks `,
  plain: 'Roadmap canvas, hooks ',
};

const message = (ts: string, fields: Partial<typeof messages.$inferInsert>) => ({
  channelId: CHANNEL,
  ts,
  tsMs: Math.round(Number(ts) * 1000),
  userId: 'U0UFDAS91',
  text: 'Consensus notes',
  html: 'Consensus notes',
  plain: 'Consensus notes',
  sourceHash: `hash-${ts}`,
  ...fields,
});

const dirs: string[] = [];
const opened: Database[] = [];

afterEach(() => {
  for (const database of opened.splice(0)) database.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-strip-secrets-'));
  dirs.push(dir);
  return dir;
}

/** A database migrated as the previous version left it: the migrations up to LAST_MIGRATION_BEFORE. */
async function previousVersionStore(): Promise<Database> {
  const folder = path.join(tempDir(), 'drizzle');
  fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((entry) => entry.tag === LAST_MIGRATION_BEFORE);
  expect(last).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, last + 1);
  fs.writeFileSync(journalFile, JSON.stringify(journal));

  const database = await openDatabase(path.join(tempDir(), 'data'));
  opened.push(database);
  await migrate(database.db, { migrationsFolder: folder });
  return database;
}

/** What the previous version's import stored, its search index included. */
async function leakingArchive(): Promise<Database> {
  const database = await previousVersionStore();
  const { db } = database;
  await db.insert(people).values([
    { id: 'U0UFDAS91', realName: 'Christopher Ferris', displayName: 'christophera', avatarUrl: `${AVATAR}?t=${XOXE}`, title: `CTO ${XOXB}` },
    { id: 'U1802P5D3', realName: 'Jian Zhang', displayName: 'jianzhang98', avatarUrl: AVATAR },
  ]);
  // In SQL: today's schema may name channel columns the previous version did not have.
  await database.client.execute({
    sql: 'INSERT INTO channels (id, kind, name, folder, listed, topic, purpose) VALUES (?, ?, ?, ?, 1, ?, ?)',
    args: [CHANNEL, 'public', 'architecture', 'architecture', `Agenda: <${SITE}/files/F1/agenda.pdf?token=${XOXE}|agenda>`, `Architecture WG ${XOXB}`],
  });
  await db.insert(messages).values([
    message('1462893622.000002', {}),
    message('1481128751.000027', { ...leaking, hasLinks: true, hasFiles: true }),
    message('1481046600.000005', {
      subtype: 'bot_message',
      userId: null,
      authorName: `travis ${XOXB}`,
      text: '',
      html: '',
      plain: `PR #1 consensus build ${XOXB}`,
      attachmentsHtml: `<div class="attachment"><p class="attachment-title"><a href="https://github.com/hyperledger/fabric/pull/1?tab=files&amp;token=${XOXE}#diff" rel="nofollow noopener noreferrer" class="external">PR #1</a></p><div class="attachment-text">consensus build ${XOXB}</div></div>`,
    }),
  ]);
  await db.insert(files).values([
    { channelId: CHANNEL, ts: '1462893622.000002', position: 0, fileId: 'F17JGF5M1', name: 'consensus.jpg', url: `https://files.slack.com/files-pri/${TEAM}-F17JGF5M1/consensus.jpg`, permalink: `${SITE}/files/christophera/F17JGF5M1/consensus.jpg` },
    { channelId: CHANNEL, ts: '1481128751.000027', position: 0, fileId: 'F07CANVAS1', name: `Canvas ${XOXB}`, title: 'Roadmap', url: `${SITE}/files/U0UFDAS91/F07CANVAS1/canvas?token=${XOXE}`, permalink: `${CANVAS}?origin_team=${TEAM}&token=${XOXE}#top` },
  ]);
  // Today's engine reads members' search choices, how people are named and hidden messages, which this
  // version did not have yet: with none (empty tables, for the time of the sync) it indexes exactly what
  // the previous version did.
  const later = {
    member_consents: '(member_id text, purpose text, granted integer, version integer, at integer)',
    person_name_levels: '(person_id text, level text)',
    hidden_messages: '(channel_id text, ts text)',
  };
  for (const [table, columns] of Object.entries(later)) await database.client.execute(`CREATE TABLE ${table} ${columns}`);
  const engine = embeddedEngineOn(database, 'America/Toronto');
  await engine.sync();
  await engine.close();
  for (const table of Object.keys(later)) await database.client.execute(`DROP TABLE ${table}`);
  return database;
}

async function column(database: Database, sql: string): Promise<unknown[]> {
  const { rows } = await database.client.execute(sql);
  return rows.map((row) => row[0]);
}

describe('upgrading an archive that kept Slack secrets', () => {
  it('leaves no secret in any table, search index included', async () => {
    const database = await leakingArchive();
    const before = await columnsHolding(database.client, 'xox');
    // The premise: every kind of stored text holds one, and so do the index's words. FTS5 stores a
    // segment's terms prefix-compressed (« xoxb » after « xnotice » keeps only « oxb »), so the index's
    // own pages are searched for the inside of a token's body, which no other term starts like.
    expect(Object.keys(before).sort()).toEqual(
      [
        'channels.purpose', 'channels.topic', 'files.name', 'files.permalink', 'files.url', 'messages.attachments_html', 'messages.author_name',
        'messages.html', 'messages.plain', 'messages.text', 'people.avatar_url', 'people.title', 'search_terms.term',
      ].sort(),
    );
    expect(await columnsHolding(database.client, TOKEN_BODY)).toHaveProperty(['search_fts_data.block']);

    await migrateDatabase(database.db);
    expect(await columnsHolding(database.client, 'xox')).toEqual({});
    expect(await columnsHolding(database.client, TOKEN_BODY)).toEqual({});
    expect(await column(database, `SELECT count(*) FROM settings WHERE key = '${STRIP_SECRETS_REQUEST}'`)).toEqual([0]);
  });

  it('leaves no trace of them in the database file either', async () => {
    const database = await leakingArchive();
    const fileBytes = () => Buffer.concat([database.file, `${database.file}-wal`].filter((file) => fs.existsSync(file)).map((file) => fs.readFileSync(file)));
    await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(fileBytes().includes('FAKE')).toBe(true);
    await migrateDatabase(database.db);
    // Freed pages keep what was deleted unless SQLite is told to overwrite it.
    expect(fileBytes().includes('FAKE')).toBe(false);
  });

  it('keeps the rest of every text and link, and leaves clean rows alone', async () => {
    const database = await leakingArchive();
    const clean = await database.client.execute("SELECT * FROM messages WHERE ts = '1462893622.000002'");
    await migrateDatabase(database.db);

    expect((await database.client.execute("SELECT text, html, plain FROM messages WHERE ts = '1481128751.000027'")).rows[0]).toMatchObject(repaired);
    expect(await column(database, "SELECT attachments_html FROM messages WHERE ts = '1481046600.000005'")).toEqual([
      '<div class="attachment"><p class="attachment-title"><a href="https://github.com/hyperledger/fabric/pull/1?tab=files#diff" rel="nofollow noopener noreferrer" class="external">PR #1</a></p><div class="attachment-text">consensus build </div></div>',
    ]);
    expect(await column(database, "SELECT author_name FROM messages WHERE ts = '1481046600.000005'")).toEqual(['travis ']);
    expect(await column(database, 'SELECT url FROM files ORDER BY ts')).toEqual([
      `https://files.slack.com/files-pri/${TEAM}-F17JGF5M1/consensus.jpg`,
      `${SITE}/files/U0UFDAS91/F07CANVAS1/canvas`,
    ]);
    expect(await column(database, 'SELECT permalink FROM files ORDER BY ts')).toEqual([`${SITE}/files/christophera/F17JGF5M1/consensus.jpg`, `${CANVAS}?origin_team=${TEAM}#top`]);
    expect(await column(database, 'SELECT name FROM files ORDER BY ts')).toEqual(['consensus.jpg', 'Canvas ']);
    expect(await column(database, 'SELECT avatar_url FROM people ORDER BY id')).toEqual([AVATAR, AVATAR]);
    expect(await column(database, 'SELECT title FROM people ORDER BY id')).toEqual(['CTO ', null]);
    expect(await column(database, 'SELECT topic FROM channels')).toEqual([`Agenda: <${SITE}/files/F1/agenda.pdf|agenda>`]);
    expect(await column(database, 'SELECT purpose FROM channels')).toEqual(['Architecture WG ']);
    expect((await database.client.execute("SELECT * FROM messages WHERE ts = '1462893622.000002'")).rows).toEqual(clean.rows);
  });

  it('queues the rewritten messages, and the index is built again without the secrets', async () => {
    const database = await leakingArchive();
    expect(await column(database, 'SELECT count(*) FROM search_queue')).toEqual([0]);
    await migrateDatabase(database.db);
    // For Meilisearch: the documents of the messages rewritten.
    expect(await column(database, 'SELECT ts FROM search_queue ORDER BY ts')).toEqual(['1481046600.000005', '1481128751.000027']);

    const engine = embeddedEngineOn(database, 'America/Toronto');
    try {
      expect(await engine.sync()).toBe(3);
    } finally {
      await engine.close();
    }
    expect(await columnsHolding(database.client, 'xox')).toEqual({});
    const finds = (word: string) =>
      column(database, `SELECT d.ts FROM search_fts JOIN search_docs AS d ON d.id = search_fts.rowid WHERE search_fts MATCH '${word}' ORDER BY d.ts`);
    expect(await finds('consensus')).toEqual(['1462893622.000002', '1481046600.000005']);
    expect(await finds('roadmap')).toEqual(['1481128751.000027']);
  });

  it('goes through archives of many pages, past rows that only look like a secret', async () => {
    const database = await previousVersionStore();
    // Every third message only says "xoxo": the repair reads it, keeps it, and must move past it.
    const rows = Array.from({ length: 1_600 }, (_, i) => {
      const text = i % 3 === 0 ? 'Merci, xoxo' : `n${i} ${XOXB}`;
      return message(`1500000000.${String(i).padStart(6, '0')}`, { text, html: text, plain: text });
    });
    for (let from = 0; from < rows.length; from += 100) await database.db.insert(messages).values(rows.slice(from, from + 100));
    await migrateDatabase(database.db);
    expect(await column(database, "SELECT count(*) FROM messages WHERE text LIKE '%xoxb%' OR html LIKE '%xoxb%' OR plain LIKE '%xoxb%'")).toEqual([0]);
    expect(await column(database, "SELECT count(*) FROM messages WHERE text = 'Merci, xoxo'")).toEqual([534]);
    expect(await column(database, "SELECT text FROM messages WHERE ts = '1500000000.001598'")).toEqual(['n1598 ']);
    expect(await column(database, 'SELECT count(*) FROM search_queue')).toEqual([1_066]);
  });

  it('finishes the work after an interruption, index included', async () => {
    const database = await leakingArchive();
    // The repair fails after the messages (their table comes first) and before the files.
    await database.client.execute('ALTER TABLE files RENAME TO files_away');
    await expect(migrateDatabase(database.db)).rejects.toThrow(/files/);
    await database.client.execute('ALTER TABLE files_away RENAME TO files');
    expect(await columnsHolding(database.client, 'xox')).toEqual({ 'files.name': 1, 'files.permalink': 1, 'files.url': 1, 'people.avatar_url': 1, 'people.title': 1, 'channels.topic': 1, 'channels.purpose': 1 });

    await migrateDatabase(database.db);
    expect(await columnsHolding(database.client, 'xox')).toEqual({});
  });

  it('changes nothing when run again, even if asked again', async () => {
    const database = await leakingArchive();
    await migrateDatabase(database.db);
    const engine = embeddedEngineOn(database, 'America/Toronto');
    await engine.sync();
    await engine.close();
    const archive = await hashArchive(database.client);
    const index = await column(database, 'SELECT count(*) FROM search_docs');

    await migrateDatabase(database.db);
    // As after a crash in the middle of the repair: the request is still there.
    await database.db.insert(settings).values({ key: STRIP_SECRETS_REQUEST, value: 'pending', updatedAt: new Date() });
    await migrateDatabase(database.db);

    expect(await hashArchive(database.client)).toBe(archive);
    expect(await column(database, 'SELECT count(*) FROM search_docs')).toEqual(index);
    expect(await column(database, 'SELECT count(*) FROM search_queue')).toEqual([0]);
    expect(await column(database, `SELECT count(*) FROM settings WHERE key = '${STRIP_SECRETS_REQUEST}'`)).toEqual([0]);
  });
});

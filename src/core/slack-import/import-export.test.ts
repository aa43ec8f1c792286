import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import Libsql from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { DEMO_EXPORT } from '../demo/seed-demo.ts';
import { foldWords } from '../search/fold.ts';
import { hashArchive } from '../../../tests/support/archive-hash.ts';
import { importSlackExport, type ImportSummary } from './import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from './source/limits.ts';
import { embeddedEngineOn } from '../../../tests/support/search-engines.ts';
import { queueOnlyIndexing } from '../search/import-indexing.ts';

const opened: Database[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-import-'));
  dirs.push(dir);
  return dir;
}

async function freshStore(): Promise<Database> {
  const database = await openDatabase(tempDir());
  await migrateDatabase(database.db);
  opened.push(database);
  return database;
}

afterEach(() => {
  for (const database of opened.splice(0)) database.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function importDemo(database: Database, location = DEMO_EXPORT, includeDms = false): Promise<ImportSummary> {
  return importSlackExport(database, location, { limits: DEFAULT_IMPORT_LIMITS, includeDms });
}

async function rows(database: Database, sql: string, args: (string | number)[] = []) {
  return (await database.client.execute({ sql, args })).rows;
}

/** A copy of the demo export the test may edit. */
function copyDemo(): string {
  const target = path.join(tempDir(), 'export');
  fs.cpSync(DEMO_EXPORT, target, { recursive: true });
  return target;
}

describe('importing the demo export', () => {
  it('stores people, channels and messages, private by default', async () => {
    const database = await freshStore();
    const summary = await importDemo(database);
    expect(summary.people).toBe(12);
    expect(summary.conversations).toEqual({ public: 7, private: 2, dm: 0, mpim: 0 });
    expect(summary.dayFiles.failed).toBe(0);
    expect(summary.skipped.filter((s) => s.reason.startsWith('direct or group message'))).toHaveLength(3);
    expect(await rows(database, "SELECT id FROM channels WHERE kind IN ('dm', 'mpim')")).toEqual([]);
    expect(await rows(database, "SELECT count(*) AS n FROM messages WHERE channel_id LIKE 'D%' OR channel_id LIKE 'G%'")).toEqual([
      expect.objectContaining({ n: 0 }),
    ]);
    // The private channel records its members so the archive can show it to them only.
    const members = await rows(database, "SELECT person_id FROM channel_members WHERE channel_id = 'C04H2CET7WP' ORDER BY person_id");
    expect(members.map((row) => row.person_id)).toEqual(['U04B1QK7ELS', 'U04C8FNG2TR', 'U04F5MLB6WD', 'U04K4CDB7PA']);
  });

  it('imports direct and group messages only when asked, with their participants', async () => {
    const database = await freshStore();
    const summary = await importDemo(database, DEMO_EXPORT, true);
    expect(summary.conversations).toEqual({ public: 7, private: 2, dm: 2, mpim: 1 });
    const dmMembers = await rows(database, "SELECT count(*) AS n FROM channel_members WHERE channel_id = 'D04EFR2K9ZA'");
    expect(dmMembers[0]?.n).toBe(2);
  });

  it('rebuilds threads across day files and marks replies whose root is absent', async () => {
    const database = await freshStore();
    await importDemo(database);
    // Root on 2024-02-20, replies in the files of the 21st, 26th and 27th.
    const [omop] = await rows(database, "SELECT reply_count FROM messages WHERE channel_id = 'C04C7DPRT2M' AND ts = '1708442158.813750'");
    const replies = await rows(
      database,
      "SELECT count(*) AS n FROM messages WHERE channel_id = 'C04C7DPRT2M' AND thread_ts = '1708442158.813750' AND ts != thread_ts",
    );
    expect(omop?.reply_count).toBe(replies[0]?.n);
    expect(Number(omop?.reply_count)).toBeGreaterThanOrEqual(3);
    const orphans = await rows(database, "SELECT ts FROM messages WHERE root_missing = 1 AND channel_id = 'C04C7DPRT2M'");
    expect(orphans.map((row) => row.ts)).toEqual(['1699970702.388776']);
  });

  it('keeps the exact ts, a millisecond time, edits, reactions, files without tokens, tombstones', async () => {
    const database = await freshStore();
    await importDemo(database);
    const [tombstone] = await rows(database, "SELECT is_tombstone, text, reply_count FROM messages WHERE ts = '1685979060.419203'");
    expect(tombstone).toMatchObject({ is_tombstone: 1, text: '', reply_count: 2 });
    const [first] = await rows(database, "SELECT ts, ts_ms FROM messages WHERE channel_id = 'C04A2GNRL7Q' ORDER BY ts LIMIT 1");
    expect(first?.ts_ms).toBe(Math.round(Number(first?.ts) * 1000));
    expect((await rows(database, 'SELECT count(*) AS n FROM messages WHERE edited_ts IS NOT NULL'))[0]?.n).toBeGreaterThanOrEqual(10);
    const tokens = await rows(database, "SELECT url FROM files WHERE url LIKE '%xoxe%' OR permalink LIKE '%xoxe%' OR url LIKE '%t=%'");
    expect(tokens).toEqual([]);
    const texts = await rows(database, "SELECT count(*) AS n FROM messages WHERE text LIKE '%xoxe%' OR html LIKE '%xoxe%'");
    expect(texts[0]?.n).toBe(0);
    const placeholders = await rows(database, "SELECT mode FROM files WHERE mode IN ('hidden_by_limit', 'tombstone') ORDER BY mode");
    expect(placeholders.map((row) => row.mode)).toEqual(['hidden_by_limit', 'tombstone']);
    const reaction = await rows(database, "SELECT emoji, count, user_ids FROM reactions WHERE emoji = 'wave::skin-tone-3' LIMIT 1");
    expect(JSON.parse(String(reaction[0]?.user_ids))).toHaveLength(Number(reaction[0]?.count));
  });

  it('renders mentions by name, escapes content, and indexes plain text', async () => {
    const database = await freshStore();
    await importDemo(database);
    const [xss] = await rows(database, "SELECT html FROM messages WHERE text LIKE '%&lt;script&gt;%'");
    expect(xss?.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const mentions = await rows(database, "SELECT html, plain FROM messages WHERE text LIKE '%<@U04B1QK7ELS>%' LIMIT 1");
    expect(mentions[0]?.html).toMatch(/<a class="mention" href="\/archive\/people\/U04B1QK7ELS">@[^<]+<\/a>/);
    expect(mentions[0]?.plain).not.toContain('<@');
  });

  it('imports a folder that the channel lists do not mention, privately', async () => {
    const database = await freshStore();
    const summary = await importDemo(database);
    expect(summary.unlisted).toBe(1);
    const [pilot] = await rows(database, "SELECT kind, listed, message_count FROM channels WHERE name = 'projet-pilote'");
    expect(pilot).toMatchObject({ kind: 'private', listed: 0, message_count: 6 });
    expect(
      await rows(database, "SELECT * FROM channel_members WHERE channel_id = (SELECT id FROM channels WHERE name = 'projet-pilote')"),
    ).toEqual([]);
  });
});

describe('keeping the search index up to date', () => {
  it('syncs as often as the engine asks, once the day files are written and at the end', async () => {
    const syncs = async (catchUpAfter: number) => {
      let calls = 0;
      const engine = { importIndexing: queueOnlyIndexing(catchUpAfter), sync: async () => ++calls && 0 };
      await importSlackExport(await freshStore(), DEMO_EXPORT, { limits: DEFAULT_IMPORT_LIMITS, includeDms: false, search: engine });
      return calls;
    };
    // The demo commits in two groups: after the first, once both are written, and at the end.
    expect(await syncs(1)).toBe(3);
    expect(await syncs(Infinity)).toBe(2);
  });

  it("lets the engine work on the written day files while the channels' statistics are computed, and waits for it", async () => {
    const database = await freshStore();
    const dirtyChannels = async () => Number((await rows(database, 'SELECT count(*) AS n FROM channels WHERE stats_dirty = 1'))[0]!.n);
    const calls: { dirtyAtStart: number; endedBefore: number; dirtyAtEnd: number }[] = [];
    /** Syncs ended so far. */
    let ended = 0;
    const engine = {
      importIndexing: queueOnlyIndexing(Infinity),
      sync: async () => {
        const call = { dirtyAtStart: await dirtyChannels(), endedBefore: ended, dirtyAtEnd: -1 };
        calls.push(call);
        // The first sync lasts until the import has computed every channel's statistics (or 10 s): it ran beside them.
        const until = Date.now() + 10_000;
        while (calls.length === 1 && (await dirtyChannels()) > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
        call.dirtyAtEnd = await dirtyChannels();
        ended++;
        return 0;
      },
    };
    await importSlackExport(database, DEMO_EXPORT, { limits: DEFAULT_IMPORT_LIMITS, includeDms: false, search: engine });
    expect(calls).toHaveLength(2);
    // Begun before the statistics, ended after them: an import waiting for it first would have held them 10 s.
    expect(calls[0]!.dirtyAtStart).toBeGreaterThan(0);
    expect(calls[0]!.dirtyAtEnd).toBe(0);
    // The last sync (what the last steps queued) begins once the first has ended.
    expect(calls[1]!.endedBefore).toBe(1);
  });

  it('fails a last step only once the engine has ended its work on the day files', async () => {
    const database = await freshStore();
    // The channels' statistics cannot be written: the last steps fail while the engine works on the day files.
    await database.client.execute(
      "CREATE TRIGGER refuse_statistics BEFORE UPDATE OF stats_dirty ON channels WHEN OLD.stats_dirty = 1 AND NEW.stats_dirty = 0 BEGIN SELECT RAISE(ABORT, 'statistics refused'); END",
    );
    let ended = 0;
    const engine = {
      importIndexing: queueOnlyIndexing(Infinity),
      sync: async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        ended++;
        return 0;
      },
    };
    const outcome = await importSlackExport(database, DEMO_EXPORT, { limits: DEFAULT_IMPORT_LIMITS, includeDms: false, search: engine }).then(
      () => 'imported',
      (error: Error) => `${error.message}; syncs ended: ${ended}`,
    );
    expect(outcome).toMatch(/statistics refused.*; syncs ended: 1$/);
    expect((await rows(database, 'SELECT status FROM import_runs'))[0]!.status).toBe('failed');
  });

  it('finishes the import when the index cannot follow, keeping the queue for later', async () => {
    const database = await freshStore();
    let calls = 0;
    const unreachable = {
      importIndexing: queueOnlyIndexing(1),
      sync: async () => {
        calls += 1;
        throw new Error('Meilisearch is not answering');
      },
    };
    const summary = await importSlackExport(database, DEMO_EXPORT, {
      limits: DEFAULT_IMPORT_LIMITS,
      includeDms: false,
      search: unreachable,
    });
    expect(summary.search).toEqual({ indexed: 0, error: 'Meilisearch is not answering' });
    // Asked once: after a failure the import stops asking; the archive is complete all the same.
    expect(calls).toBe(1);
    const count = async (table: string) => Number((await rows(database, `SELECT count(*) AS n FROM ${table}`))[0]!.n);
    expect(await count('messages')).toBe(summary.messages.written);
    expect(await count('search_queue')).toBe(summary.messages.written);
  });
});

describe('importing again', () => {
  it('changes nothing when the export is the same', async () => {
    const database = await freshStore();
    await importDemo(database);
    const before = await hashArchive(database.client);
    const again = await importDemo(database);
    expect(again.dayFiles.imported).toBe(0);
    expect(again.messages.written).toBe(0);
    expect(await hashArchive(database.client)).toBe(before);
  });

  it('adds only what is new or edited in a newer export', async () => {
    const exportDir = copyDemo();
    const database = await freshStore();
    await importDemo(database, exportDir);
    const day = path.join(exportDir, 'general', '2024-03-06.json');
    const messages = JSON.parse(fs.readFileSync(day, 'utf8')) as { ts: string; text: string; edited?: unknown }[];
    messages[0]!.text = 'Texte corrigé après coup';
    messages[0]!.edited = { user: 'U04B1QK7ELS', ts: '1709999999.000000' };
    fs.writeFileSync(day, JSON.stringify(messages));
    fs.writeFileSync(
      path.join(exportDir, 'general', '2026-01-05.json'),
      JSON.stringify([{ type: 'message', user: 'U04B1QK7ELS', text: 'Bonne année !', ts: '1767600000.000100' }]),
    );

    const summary = await importDemo(database, exportDir);
    expect(summary.dayFiles.imported).toBe(2);
    expect(summary.messages.written).toBe(2);
    const [edited] = await rows(database, "SELECT text, edited_ts FROM messages WHERE channel_id = 'C04A2GNRL7Q' AND ts = ?", [
      messages[0]!.ts,
    ]);
    expect(edited).toMatchObject({ text: 'Texte corrigé après coup', edited_ts: '1709999999.000000' });
    const [general] = await rows(database, "SELECT last_ts FROM channels WHERE id = 'C04A2GNRL7Q'");
    expect(general?.last_ts).toBe('1767600000.000100');
  });

  it('ends with the author index, built once after a first load or after one that was interrupted', async () => {
    const database = await freshStore();
    const authorIndex = "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'messages_author'";
    await importDemo(database);
    expect(await rows(database, authorIndex)).toHaveLength(1);
    const before = await hashArchive(database.client);
    // What a first load killed before its end leaves: messages, no author index.
    await database.client.execute('DROP INDEX messages_author');
    await database.client.execute("DELETE FROM imported_entries WHERE path LIKE 'general/%'");
    await importDemo(database);
    expect(await rows(database, authorIndex)).toHaveLength(1);
    expect(await hashArchive(database.client)).toBe(before);
  });

  it('gives the same archive from a zip and from its folder', async () => {
    const fromFolder = await freshStore();
    await importDemo(fromFolder);
    const zip = path.join(tempDir(), 'demo.zip');
    await zipFolder(DEMO_EXPORT, zip);
    const fromZip = await freshStore();
    await importDemo(fromZip, zip);
    expect(await hashArchive(fromZip.client)).toBe(await hashArchive(fromFolder.client));
  });
});

/** Zipped with yazl, as a zip tool would: the importer must read it exactly like the folder. */
async function zipFolder(dir: string, out: string): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const file of walk(dir)) zip.addFile(file, path.relative(dir, file));
  zip.end();
  await pipeline(zip.outputStream, fs.createWriteStream(out));
}

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

describe('the embedded search index, written by the import itself', () => {
  const TIME_ZONE = 'America/Toronto';
  const withEngine = (database: Database, location: string) => {
    const engine = embeddedEngineOn(database, TIME_ZONE);
    return importSlackExport(database, location, { limits: DEFAULT_IMPORT_LIMITS, includeDms: false, search: engine }).finally(() =>
      engine.close(),
    );
  };
  /** Everything the index holds but its ids: documents, word counts, and what a few searches match. */
  const indexContent = async (database: Database) => ({
    docs: await rows(database, 'SELECT channel_id, ts, author_id, year FROM search_docs ORDER BY channel_id, ts'),
    terms: await rows(database, 'SELECT term, docs FROM search_terms ORDER BY term'),
    fts: await rows(database, 'SELECT count(*) AS n FROM search_fts'),
    matches: await Promise.all(
      ['omop', 'donnees', 'rencontre', 'zorglubien'].map(async (word) =>
        (
          await rows(
            database,
            'SELECT d.channel_id, d.ts FROM search_fts JOIN search_docs AS d ON d.id = search_fts.rowid WHERE search_fts MATCH ? ORDER BY 1, 2',
            [word],
          )
        ).map((row) => `${row.channel_id}/${row.ts}`),
      ),
    ),
  });

  it('holds what a sync of the queue gives, with nothing left queued', async () => {
    const inline = await freshStore();
    const summary = await withEngine(inline, DEMO_EXPORT);
    expect(summary.search.error).toBeNull();
    expect(await rows(inline, 'SELECT count(*) AS n FROM search_queue')).toEqual([expect.objectContaining({ n: 0 })]);

    const queued = await freshStore();
    await importDemo(queued);
    const engine = embeddedEngineOn(queued, TIME_ZONE);
    await engine.sync();
    await engine.close();

    const expected = await indexContent(queued);
    expect(expected.docs.length).toBeGreaterThan(100);
    // The summary counts what the import indexed itself.
    expect(summary.search.indexed).toBe(expected.docs.length);
    expect(expected.matches.flat().length).toBeGreaterThan(0);
    expect(await indexContent(inline)).toEqual(expected);
  });

  it('replaces an edited message in the index, and leaves unchanged ones alone', async () => {
    const exportDir = copyDemo();
    const database = await freshStore();
    await withEngine(database, exportDir);
    const day = path.join(exportDir, 'general', '2024-03-06.json');
    const messages = JSON.parse(fs.readFileSync(day, 'utf8')) as { ts: string; text: string }[];
    const edited = messages[0]!;
    const oldWords = foldWords(edited.text);
    edited.text = 'Texte zorglubien après coup';
    fs.writeFileSync(day, JSON.stringify(messages));
    const before = await indexContent(database);

    const summary = await withEngine(database, exportDir);
    expect(summary.messages.written).toBe(1);
    const after = await indexContent(database);
    expect(after.docs).toEqual(before.docs);
    expect(after.fts).toEqual(before.fts);
    const finds = async (word: string) =>
      (
        await rows(
          database,
          'SELECT 1 FROM search_fts JOIN search_docs AS d ON d.id = search_fts.rowid WHERE search_fts MATCH ? AND d.ts = ?',
          [`"${word}"`, edited.ts],
        )
      ).length;
    expect(await finds('zorglubien')).toBe(1);
    expect(oldWords.length).toBeGreaterThan(2);
    for (const word of oldWords.filter((word) => !['texte', 'apres', 'coup'].includes(word))) expect(await finds(word)).toBe(0);
  });

  it('drops from the index a message that comes back as one search leaves out', async () => {
    const exportDir = copyDemo();
    const database = await freshStore();
    await withEngine(database, exportDir);
    const day = path.join(exportDir, 'general', '2024-03-06.json');
    const messages = JSON.parse(fs.readFileSync(day, 'utf8')) as { ts: string; subtype?: string }[];
    const joined = messages[0]!;
    const indexed = async () => (await rows(database, 'SELECT ts FROM search_docs WHERE ts = ?', [joined.ts])).length;
    expect(await indexed()).toBe(1);
    joined.subtype = 'channel_join';
    fs.writeFileSync(day, JSON.stringify(messages));

    const summary = await withEngine(database, exportDir);
    expect(summary.messages.written).toBe(1);
    expect(await indexed()).toBe(0);
  });

  it('indexes what was written while a reindex ran, once its tables are swapped in', async () => {
    const database = await freshStore();
    await withEngine(database, DEMO_EXPORT);
    const engine = embeddedEngineOn(database, TIME_ZONE);
    const other = new Libsql(database.file);
    try {
      await engine.reindex(() => {
        // Mid-rebuild, another writer adds a message the rebuild has already read past (its channel sorts first).
        other.exec(
          "INSERT INTO messages (channel_id, ts, ts_ms, text, html, plain, source_hash) VALUES ('C0000000000', '1709000000.000100', 1709000000000, 'quetzalcoatl', 'quetzalcoatl', 'quetzalcoatl', 'x')",
        );
        other.exec("INSERT OR REPLACE INTO search_queue (channel_id, ts) VALUES ('C0000000000', '1709000000.000100')");
      });
    } finally {
      other.close();
      await engine.close();
    }
    expect(
      await rows(
        database,
        "SELECT d.channel_id FROM search_fts JOIN search_docs AS d ON d.id = search_fts.rowid WHERE search_fts MATCH 'quetzalcoatl'",
      ),
    ).toHaveLength(1);
    expect(await rows(database, 'SELECT count(*) AS n FROM search_queue')).toEqual([expect.objectContaining({ n: 0 })]);
  });

  it('queues instead while a reindex is building its fresh tables, so the rebuild misses nothing', async () => {
    const database = await freshStore();
    const engine = embeddedEngineOn(database, TIME_ZONE);
    // What `passerelle reindex` in another process leaves while it runs (or after it was killed).
    await database.client.execute('CREATE TABLE search_docs_next (id INTEGER PRIMARY KEY)');
    const summary = await importSlackExport(database, DEMO_EXPORT, {
      limits: DEFAULT_IMPORT_LIMITS,
      includeDms: false,
      search: engine,
    });
    expect(await rows(database, 'SELECT count(*) AS n FROM search_docs')).toEqual([expect.objectContaining({ n: 0 })]);
    expect(await rows(database, 'SELECT count(*) AS n FROM search_queue')).toEqual([
      expect.objectContaining({ n: summary.messages.written }),
    ]);
    // The import says why the index did not follow, and a sync refuses to index into tables about to be replaced.
    expect(summary.search.error).toMatch(/reindex is running or was interrupted/);
    await expect(engine.sync()).rejects.toThrow(/passerelle reindex/);

    // The reindex (run again, as after one that was killed) ends with everything indexed and nothing queued.
    await engine.reindex();
    await engine.close();
    const indexable = Number(
      (
        await rows(
          database,
          "SELECT count(*) AS n FROM messages WHERE subtype IS NULL OR subtype NOT IN ('channel_join', 'channel_leave', 'group_join', 'group_leave')",
        )
      )[0]!.n,
    );
    expect(await rows(database, 'SELECT count(*) AS n FROM search_docs')).toEqual([expect.objectContaining({ n: indexable })]);
    expect(await rows(database, 'SELECT count(*) AS n FROM search_queue')).toEqual([expect.objectContaining({ n: 0 })]);
  });
});

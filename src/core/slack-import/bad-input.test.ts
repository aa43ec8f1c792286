import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME, openDatabase, type Database } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { DEMO_EXPORT } from '../demo/seed-demo.ts';
import { hashArchive } from '../../../tests/support/archive-hash.ts';
import { ImportRefusedError } from './errors.ts';
import { importSlackExport, type ImportSummary } from './import-export.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './source/limits.ts';
import { writeRawZip, type RawZipEntry } from '../../../tests/support/raw-zip.ts';

/*
 * Broken and hostile inputs, each imported into a store that already holds the
 * demo export: a refusal must leave that archive exactly as it was, and a bad
 * day file must cost only itself.
 */

const KiB = 1024;
const MiB = 1024 ** 2;

// The small export most cases build on: one public channel, ids unknown to the demo.
const CHANNEL_ID = 'CBADINPUT1';
const FOLDER = 'essais-import';
const AUTHOR = 'U04B1QK7ELS'; // a person of the demo export
const GOOD_DAY = `${FOLDER}/2020-01-01.json`;
const BAD_DAY = `${FOLDER}/2020-01-02.json`;
const GOOD_TS = ['1577880000.000100', '1577880060.000200'];

const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2));
const message = (ts: string, text: string, user = AUTHOR) => ({ type: 'message', user, text, ts });
const channelsFile = (id = CHANNEL_ID, name = FOLDER) => json([{ id, name, created: 1577836800, members: [AUTHOR] }]);
const goodDay = () => json(GOOD_TS.map((ts, index) => message(ts, `Message ${index + 1}`)));

/** What the summary says of an export without users.json. */
const NO_USERS_JSON = { item: 'users.json', reason: expect.stringMatching(/^not in the export: people are known only from/) };

/** channels.json and one good day file, plus whatever the case adds. */
const smallExport = (...extra: RawZipEntry[]): RawZipEntry[] => [
  { name: 'channels.json', data: channelsFile() },
  { name: `${FOLDER}/`, data: Buffer.alloc(0) },
  { name: GOOD_DAY, data: goodDay() },
  ...extra,
];

// --- Stores -----------------------------------------------------------------

let template = '';
let demoMessages = 0;
const opened: Database[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-bad-input-'));
  dirs.push(dir);
  return dir;
}

async function scalar(database: Database, sql: string, args: string[] = []): Promise<number> {
  const { rows } = await database.client.execute({ sql, args });
  return Number(rows[0]?.[0]);
}

// Importing the demo takes a while: it is done once, and every test gets a copy of the file.
beforeAll(async () => {
  template = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-bad-input-template-'));
  const database = await openDatabase(template);
  await migrateDatabase(database.db);
  await importSlackExport(database, DEMO_EXPORT, { limits: DEFAULT_IMPORT_LIMITS, includeDms: false });
  demoMessages = await scalar(database, 'SELECT count(*) FROM messages');
  // Folds the WAL into the main file, so copying that one file copies the whole store.
  await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  database.close();
});

afterAll(() => {
  fs.rmSync(template, { recursive: true, force: true });
});

afterEach(() => {
  for (const database of opened.splice(0)) database.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

interface Workspace {
  root: string;
  dataDir: string;
  database: Database;
}

async function demoStore(): Promise<Workspace> {
  const root = tempDir();
  const dataDir = path.join(root, 'data');
  fs.mkdirSync(dataDir);
  fs.copyFileSync(path.join(template, DATABASE_FILE_NAME), path.join(dataDir, DATABASE_FILE_NAME));
  const database = await openDatabase(dataDir);
  opened.push(database);
  // Guards the premise of every case: a refusal proves nothing against an empty store.
  expect(await scalar(database, 'SELECT count(*) FROM messages')).toBe(demoMessages);
  expect(demoMessages).toBeGreaterThan(100);
  return { root, dataDir, database };
}

/** Writes raw bytes, or a zip whose entries are deflated unless they say otherwise, as Slack's own zips are. */
function writeInput(ws: Workspace, name: string, content: Buffer | RawZipEntry[]): string {
  const file = path.join(ws.root, name);
  const zip = () => writeRawZip((content as RawZipEntry[]).map((entry) => ({ method: 'deflate', ...entry })));
  fs.writeFileSync(file, Buffer.isBuffer(content) ? content : zip());
  return file;
}

/** An already-extracted export: no zip-level check (ratio, stored or deflated) can get in the way. */
function writeFolder(ws: Workspace, files: Record<string, Buffer>): string {
  const folder = path.join(ws.root, 'export');
  for (const [name, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    fs.writeFileSync(path.join(folder, name), data);
  }
  return folder;
}

/** Arrays nested `levels` deep: what JSON.parse accepts but anything that recurses over the value cannot walk. */
const deepJson = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

// --- Assertions -------------------------------------------------------------

/** Everything a refused import must not touch: the archive, and the import bookkeeping. */
async function storeState(database: Database) {
  return {
    archive: await hashArchive(database.client),
    runs: await scalar(database, 'SELECT count(*) FROM import_runs'),
    entries: await scalar(database, 'SELECT count(*) FROM imported_entries'),
  };
}

function run(ws: Workspace, location: string, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): Promise<ImportSummary> {
  return importSlackExport(ws.database, location, { limits, includeDms: false });
}

/** Runs an import that must be refused; returns the message for further checks. */
async function expectRefused(ws: Workspace, location: string, mentions: (string | RegExp)[], limits?: ImportLimits): Promise<string> {
  const before = await storeState(ws.database);
  const outcome: unknown = await run(ws, location, limits).then(
    (summary) => summary,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(ImportRefusedError);
  const text = (outcome as ImportRefusedError).message;
  for (const mention of mentions) {
    if (typeof mention === 'string') expect(text).toContain(mention);
    else expect(text).toMatch(mention);
  }
  expect(await storeState(ws.database)).toEqual(before);
  return text;
}

async function tsIn(ws: Workspace, channelId: string): Promise<string[]> {
  const { rows } = await ws.database.client.execute({ sql: 'SELECT ts FROM messages WHERE channel_id = ? ORDER BY ts', args: [channelId] });
  return rows.map((row) => String(row.ts));
}

/** The good day file of the small export is in, and the demo's history is untouched. */
async function expectGoodDayKept(ws: Workspace): Promise<void> {
  expect(await tsIn(ws, CHANNEL_ID)).toEqual(GOOD_TS);
  expect(await scalar(ws.database, 'SELECT count(*) FROM messages WHERE channel_id != ?', [CHANNEL_ID])).toBe(demoMessages);
}

/** As above, with the good day file counted as the one imported. */
async function expectRestImported(ws: Workspace, summary: ImportSummary): Promise<void> {
  expect(summary.dayFiles.imported).toBe(1);
  await expectGoodDayKept(ws);
}

/** The one skipped day file, with its reason. */
function skippedDay(summary: ImportSummary, item = BAD_DAY): string {
  expect(summary.dayFiles.failed).toBe(1);
  const found = summary.skipped.filter((skip) => skip.item === item);
  expect(found).toHaveLength(1);
  return found[0]!.reason;
}

/** Every file and folder under `dir`, as relative paths. */
function listTree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
}

// --- Cases ------------------------------------------------------------------

describe('inputs that are not a Slack export zip', () => {
  it('refuses random bytes', async () => {
    const ws = await demoStore();
    // Deterministic noise; its step never forms the "PK" signature.
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
    const file = writeInput(ws, 'noise.zip', noise);
    await expectRefused(ws, file, [file, 'is not a readable zip archive', 'central directory']);
  });

  it('refuses a text file named .zip', async () => {
    const ws = await demoStore();
    const file = writeInput(ws, 'export.zip', Buffer.from('This is the Slack export, I promise.\n'));
    await expectRefused(ws, file, [file, 'is not a readable zip archive']);
  });

  it('refuses an empty file', async () => {
    const ws = await demoStore();
    const file = writeInput(ws, 'empty.zip', Buffer.alloc(0));
    await expectRefused(ws, file, [file, 'is not a readable zip archive']);
  });

  it('refuses a zip cut in half', async () => {
    const ws = await demoStore();
    const whole = writeRawZip(smallExport());
    const file = writeInput(ws, 'truncated.zip', whole.subarray(0, Math.floor(whole.length / 2)));
    await expectRefused(ws, file, [file, 'is not a readable zip archive']);
  });

  it('refuses a zip of something else', async () => {
    const ws = await demoStore();
    const file = writeInput(ws, 'holiday.zip', [
      { name: 'readme.txt', data: Buffer.from('Photos from the summer\n') },
      { name: 'photo.png', data: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') },
    ]);
    await expectRefused(ws, file, [file, 'does not look like a Slack export']);
  });
});

describe('damaged lists (named, with what was read before the damage kept)', () => {
  it('keeps the channels read before a break in channels.json, names the file and the position, and imports the rest', async () => {
    const ws = await demoStore();
    const other = { id: 'C0SECOND01', name: 'deuxieme', created: 1577800000, members: [AUTHOR] };
    const whole = json([{ id: CHANNEL_ID, name: FOLDER, created: 1577800000, members: [AUTHOR] }, other]);
    // Cut inside the second channel: the first is whole and stays listed (public), with its day file.
    const file = writeInput(ws, 'export.zip', [
      { name: 'channels.json', data: whole.subarray(0, whole.indexOf('C0SECOND01')) },
      { name: GOOD_DAY, data: goodDay() },
    ]);
    const summary = await run(ws, file);
    const skip = summary.skipped.find(({ item }) => item === 'channels.json');
    expect(skip?.reason).toMatch(/^is not valid JSON: .*position \d+.*: the 1 records before that point are read/);
    expect(summary.conversations.public).toBe(1);
    expect(summary.unlisted).toBe(0);
    await expectGoodDayKept(ws);
  });

  it('names a users.json that is not an array, and imports the rest', async () => {
    const ws = await demoStore();
    const file = writeInput(ws, 'export.zip', [{ name: 'users.json', data: json({ members: [{ id: 'U0NOTLIST1' }] }) }, ...smallExport()]);
    const summary = await run(ws, file);
    expect(summary.skipped).toContainEqual({ item: 'users.json', reason: 'expected a JSON array, found an object: none of its records could be read' });
    await expectGoodDayKept(ws);
  });

  it('reads a channels.json with a field nested 100,000 levels deep, without overflowing the stack', async () => {
    const ws = await demoStore();
    // Channel lists keep only the fields Passerelle reads: the deep unknown field is dropped unread.
    const channels = `[{"id": "${CHANNEL_ID}", "name": "${FOLDER}", "purpose": {"value": "x", "history": ${deepJson(100_000)}}}]`;
    const folder = writeFolder(ws, { 'channels.json': Buffer.from(channels), [GOOD_DAY]: goodDay() });
    await run(ws, folder);
    await expectGoodDayKept(ws);
  });

  it('skips and reports a channels.json entry that is arrays nested 100,000 levels deep', async () => {
    const ws = await demoStore();
    const channels = `[${deepJson(100_000)}, {"id": "${CHANNEL_ID}", "name": "${FOLDER}"}]`;
    const summary = await run(ws, writeFolder(ws, { 'channels.json': Buffer.from(channels), [GOOD_DAY]: goodDay() }));
    expect(summary.skipped).toContainEqual({ item: 'channels.json [0]', reason: expect.stringMatching(/expected an object/) });
    await expectGoodDayKept(ws);
  });
});

describe('damaged day files (skipped and reported, the rest imported)', () => {
  async function importWithBadDay(data: Buffer) {
    const ws = await demoStore();
    const summary = await run(ws, writeInput(ws, 'export.zip', smallExport({ name: BAD_DAY, data })));
    return { ws, summary };
  }

  it('skips a truncated day file', async () => {
    const whole = json([message('1577966400.000100', 'Demain'), message('1577966460.000200', 'Après-demain')]);
    const { ws, summary } = await importWithBadDay(whole.subarray(0, whole.indexOf('1577966460')));
    expect(skippedDay(summary)).toMatch(/^is not valid JSON: .*position \d+/);
    // The message read before the break is kept; the file is named, and read again by the next import.
    expect(await tsIn(ws, CHANNEL_ID)).toEqual([...GOOD_TS, '1577966400.000100']);
    expect(summary.dayFiles.imported).toBe(1);
  });

  it('skips a day file with invalid JSON in the middle, naming the line and column', async () => {
    const broken = [
      '[',
      '  {"type": "message", "ts": "1577966400.000100", "text": "ok"},',
      '  {"type": "message", "ts": "1577966460.000200" "text": "no comma"}',
      ']',
    ];
    const { ws, summary } = await importWithBadDay(Buffer.from(broken.join('\n')));
    const column = broken[2]!.indexOf('"text": "no comma"') + 1;
    expect(skippedDay(summary)).toMatch(new RegExp(`^is not valid JSON: .* at position \\d+ \\(line 3 column ${column}\\)$`));
    expect(await tsIn(ws, CHANNEL_ID)).toEqual([...GOOD_TS, '1577966400.000100']);
    expect(summary.dayFiles.imported).toBe(1);
  });

  it('names the position of an unexpected word in a day file', async () => {
    const broken = [
      '[',
      '  {"type": "message", "ts": "1577966400.000100", "text": "ok"},',
      '  {"type": "message", "ts": "1577966460.000200", "text": oops}',
      ']',
    ];
    const { summary } = await importWithBadDay(Buffer.from(broken.join('\n')));
    expect(skippedDay(summary)).toMatch(/^is not valid JSON: .*position \d+ \(line 3 column \d+\)/);
  });

  it('skips a day file with invalid UTF-8, giving the offset of the bad byte', async () => {
    const before = Buffer.from('[{"type": "message", "ts": "1577966400.000100", "text": "caf');
    // 0xE9 is "é" in Latin-1: the classic mis-encoded export.
    const { ws, summary } = await importWithBadDay(Buffer.concat([before, Buffer.from([0xe9]), Buffer.from('"}]')]));
    expect(skippedDay(summary)).toBe(`is not valid UTF-8 (first bad byte at offset ${before.length})`);
    await expectRestImported(ws, summary);
  });

  it('gives the offset of the bad byte even after a genuine U+FFFD character', async () => {
    const before = Buffer.from('[{"type": "message", "ts": "1577966400.000100", "text": "\uFFFD caf');
    const { summary } = await importWithBadDay(Buffer.concat([before, Buffer.from([0xe9]), Buffer.from('"}]')]));
    expect(skippedDay(summary)).toBe(`is not valid UTF-8 (first bad byte at offset ${before.length})`);
  });

  it('skips a day file that is an object instead of an array', async () => {
    const { ws, summary } = await importWithBadDay(json({ messages: [message('1577966400.000100', 'Boxed')] }));
    expect(skippedDay(summary)).toBe('expected a JSON array, found an object');
    await expectRestImported(ws, summary);
  });

  it('skips a day file with a message nested 100,000 levels deep, without overflowing the stack', async () => {
    const ws = await demoStore();
    // Inside a field that validation lets through untouched: only a depth guard can stop it.
    const day = `[{"type": "message", "ts": "1577966400.000100", "text": "deep", "blocks": ${deepJson(100_000)}}]`;
    const folder = writeFolder(ws, { 'channels.json': channelsFile(), [GOOD_DAY]: goodDay(), [BAD_DAY]: Buffer.from(day) });
    const summary = await run(ws, folder);
    expect(skippedDay(summary)).toMatch(/^nests arrays or objects\b/);
    await expectRestImported(ws, summary);
  });

  it('reports a day file that is only brackets 100,000 deep, without overflowing the stack', async () => {
    const ws = await demoStore();
    const folder = writeFolder(ws, { 'channels.json': channelsFile(), [GOOD_DAY]: goodDay(), [BAD_DAY]: Buffer.from(deepJson(100_000)) });
    const summary = await run(ws, folder);
    // Refusing the file or skipping its one non-message are both fine; being silent or crashing is not.
    expect(summary.skipped.filter((skip) => skip.item.startsWith(BAD_DAY))).toHaveLength(1);
    await expectGoodDayKept(ws);
  });

  it('skips only the message that lacks a ts, keeping its neighbours', async () => {
    const ws = await demoStore();
    const day = json([
      message('1577966400.000100', 'Avant'),
      { type: 'message', user: AUTHOR, text: 'Sans horodatage' },
      message('1577966460.000200', 'Après'),
    ]);
    const summary = await run(ws, writeInput(ws, 'export.zip', smallExport({ name: BAD_DAY, data: day })));
    expect(summary.dayFiles).toEqual({ imported: 2, unchanged: 0, failed: 0 });
    const skipped = summary.skipped.filter((skip) => skip.item.startsWith(FOLDER));
    expect(skipped).toEqual([{ item: `${BAD_DAY} [1]`, reason: expect.stringMatching(/^ts: /) as unknown }]);
    expect(await tsIn(ws, CHANNEL_ID)).toEqual([...GOOD_TS, '1577966400.000100', '1577966460.000200']);
  });
});

describe('hostile entry names', () => {
  // Unique, so that "nothing appeared there" cannot be confused with leftovers of another run.
  const escape = `passerelle-evil-${process.pid}-${Date.now()}`;
  const cases = [
    { name: `../../${escape}/2020-01-01.json`, problem: 'climbs out of the archive with ".."' },
    { name: `..\\..\\${escape}\\2020-01-01.json`, problem: 'climbs out of the archive with ".."' },
    { name: '/etc/passwd', problem: 'has an absolute path' },
    { name: 'C:\\x.json', problem: 'has an absolute path' },
    { name: `${FOLDER}/2020-01-03\0.json`, problem: 'contains a NUL character' },
  ];

  // Titles show names JSON-escaped: a raw NUL or backslash would garble the report.
  it.each(cases.map((c) => ({ ...c, label: JSON.stringify(c.name) })))(
    'refuses $label and writes nothing outside the data directory',
    async ({ name, problem }) => {
      const ws = await demoStore();
      const file = writeInput(ws, 'export.zip', smallExport({ name, data: goodDay() }));
      const outside = () => listTree(ws.root).filter((entry) => !entry.startsWith('data'));
      const before = outside();
      await expectRefused(ws, file, [`entry ${JSON.stringify(name)} ${problem}`, 'refusing this archive']);
      expect(outside()).toEqual(before);
      expect(fs.existsSync(path.join(os.tmpdir(), escape))).toBe(false);
      // Where an extracting tool would have put it, relative to the data directory ("/etc/passwd" exists anyway).
      if (!path.isAbsolute(name)) expect(fs.existsSync(path.resolve(ws.dataDir, name.replace(/\\/g, '/').replace(/\0/g, '')))).toBe(false);
    },
  );
});

describe('symbolic links', () => {
  it('refuses a symlink entry in a zip', async () => {
    const ws = await demoStore();
    const link: RawZipEntry = { name: BAD_DAY, data: Buffer.from('/etc/passwd'), unixMode: 0o120777 };
    const file = writeInput(ws, 'export.zip', smallExport(link));
    await expectRefused(ws, file, [`entry "${BAD_DAY}" is a symbolic link`, 'refusing this archive']);
  });

  it('refuses a folder export containing a symlink', async () => {
    const ws = await demoStore();
    // The link points at a perfectly importable day file: only the link check can refuse it.
    const secret = path.join(ws.root, 'outside.json');
    fs.writeFileSync(secret, json([message('1577966400.000100', 'Not part of the export')]));
    const folder = path.join(ws.root, 'export');
    fs.mkdirSync(path.join(folder, FOLDER), { recursive: true });
    fs.writeFileSync(path.join(folder, 'channels.json'), channelsFile());
    fs.writeFileSync(path.join(folder, GOOD_DAY), goodDay());
    fs.symlinkSync(secret, path.join(folder, BAD_DAY));
    await expectRefused(ws, folder, [`"${BAD_DAY}" is a symbolic link`, 'refusing this folder']);
  });
});

describe('one name for two files', () => {
  it('refuses a zip with two entries of the same name', async () => {
    const ws = await demoStore();
    const second: RawZipEntry = { name: GOOD_DAY, data: json([message(GOOD_TS[0]!, 'Another text under the same name')]) };
    const file = writeInput(ws, 'export.zip', smallExport(second));
    await expectRefused(ws, file, [`entry "${GOOD_DAY}" appears twice`, 'refusing this archive']);
  });

  it('refuses a folder holding one name in composed and decomposed accents', async () => {
    const ws = await demoStore();
    const composed = `${FOLDER}/notes-été.json`;
    const folder = writeFolder(ws, { 'channels.json': channelsFile(), [GOOD_DAY]: goodDay(), [composed]: goodDay() });
    fs.writeFileSync(path.join(folder, composed.normalize('NFD')), goodDay());
    await expectRefused(ws, folder, ['appears twice (once with accents encoded differently)', 'refusing this folder']);
  });
});

describe('zip bombs and limits', () => {
  const BOMB = `${FOLDER}/2020-01-03.json`;

  it('refuses a highly compressed entry as a zip bomb without inflating it', async () => {
    const ws = await demoStore();
    // The directory announces 50 MiB from 64 KiB; the 64 KiB are not deflate at all (0xff: an invalid block
    // type). Inflating first would find a damaged file and skip it: only the directory's figures can refuse it.
    const bomb: RawZipEntry = { name: BOMB, data: Buffer.alloc(50 * MiB), method: 'deflate', compressedBody: Buffer.alloc(64 * KiB, 0xff) };
    const file = writeInput(ws, 'bomb.zip', smallExport(bomb));
    await expectRefused(ws, file, [`entry "${BOMB}" expands 800×`, 'this looks like a zip bomb', '--max-compression-ratio']);
  });

  it('skips a bomb that lies about its size, stopping at the declared size', async () => {
    const ws = await demoStore();
    const liar: RawZipEntry = { name: BOMB, data: Buffer.alloc(50 * MiB), method: 'deflate', declaredUncompressedSize: 1000 };
    const file = writeInput(ws, 'liar.zip', smallExport(liar));
    const summary = await run(ws, file);
    // The inflater stopped one byte past the 1,000 announced: had it gone on, it would know and say the real size.
    expect(skippedDay(summary, BOMB)).toBe('is damaged in the zip: larger than the 1000 bytes announced');
    await expectRestImported(ws, summary);
  });

  it('refuses more entries than maxEntries', async () => {
    const ws = await demoStore();
    const days = ['03', '04', '05'].map((day) => ({ name: `${FOLDER}/2020-01-${day}.json`, data: goodDay() }));
    const entries = smallExport(...days); // 6 entries, the folder included
    expect(entries).toHaveLength(6);
    const file = writeInput(ws, 'export.zip', entries);
    await expectRefused(ws, file, ['more than 5 entries', '--max-entries', 'IMPORT_MAX_ENTRIES'], {
      ...DEFAULT_IMPORT_LIMITS,
      maxEntries: 5,
    });
  });

  it('refuses an archive whose total uncompressed size is over maxTotalBytes', async () => {
    const ws = await demoStore();
    // Three 400 KiB files, each under the entry limit, together over 1 MiB. Spaces keep them valid JSON.
    const padded = () => Buffer.from(`[${' '.repeat(400 * KiB - 2)}]`);
    // Stored: spaces deflate so well that the zip-bomb check would answer first.
    const days = ['03', '04', '05'].map((day): RawZipEntry => ({ name: `${FOLDER}/2020-01-${day}.json`, data: padded(), method: 'store' }));
    const file = writeInput(ws, 'export.zip', smallExport(...days));
    await expectRefused(ws, file, ['would exceed 1.0 MiB uncompressed', '--max-total-bytes', 'IMPORT_MAX_TOTAL_BYTES'], {
      ...DEFAULT_IMPORT_LIMITS,
      maxTotalBytes: MiB,
    });
  });

  it('refuses one entry over maxEntryBytes, naming it', async () => {
    const ws = await demoStore();
    const big: RawZipEntry = { name: BOMB, data: Buffer.from(`[${' '.repeat(400 * KiB - 2)}]`), method: 'store' };
    const file = writeInput(ws, 'export.zip', smallExport(big));
    await expectRefused(ws, file, [`entry "${BOMB}" would be 400.0 KiB uncompressed, over the 256.0 KiB limit`, '--max-entry-bytes'], {
      ...DEFAULT_IMPORT_LIMITS,
      maxEntryBytes: 256 * KiB,
    });
  });

  it('skips a deflated entry holding more than its declared size, as damaged', async () => {
    const ws = await demoStore();
    const data = json([message('1577966400.000100', 'More than announced')]);
    const file = writeInput(ws, 'export.zip', smallExport({ name: BAD_DAY, data, method: 'deflate', declaredUncompressedSize: 20 }));
    const summary = await run(ws, file);
    expect(skippedDay(summary)).toMatch(/^is damaged in the zip\b/);
    await expectRestImported(ws, summary);
  });

  it('refuses a stored entry whose declared size differs from its data, as a damaged zip', async () => {
    const ws = await demoStore();
    const data = json([message('1577966400.000100', 'More than announced')]);
    const file = writeInput(ws, 'export.zip', smallExport({ name: BAD_DAY, data, method: 'store', declaredUncompressedSize: 20 }));
    await expectRefused(ws, file, [file, 'is a damaged zip archive', 'size mismatch']);
  });
});

describe('exports that are unusual but fine', () => {
  const EVENTS_ID = 'CEVENTS001';
  const folderNames = [
    // cp437 "é" is 0x82; those bytes are not valid UTF-8, so only cp437 can make sense of them.
    { label: 'cp437 bytes without the UTF-8 flag', bytes: Buffer.from([0x82, 0x76, 0x82, ...Buffer.from('nements')]), utf8Flag: false },
    // What Slack's own zips contain.
    { label: 'UTF-8 bytes without the UTF-8 flag', bytes: Buffer.from('événements'), utf8Flag: false },
    { label: 'UTF-8 bytes with the UTF-8 flag', bytes: Buffer.from('événements'), utf8Flag: true },
  ];

  it.each(folderNames)('imports a channel folder named with $label', async ({ bytes, utf8Flag }) => {
    const ws = await demoStore();
    const file = writeInput(ws, 'export.zip', [
      { name: 'channels.json', data: channelsFile(EVENTS_ID, 'événements') },
      { name: Buffer.concat([bytes, Buffer.from('/')]), data: Buffer.alloc(0), utf8Flag },
      { name: Buffer.concat([bytes, Buffer.from('/2020-01-01.json')]), data: goodDay(), utf8Flag },
    ]);
    const summary = await run(ws, file);
    // A misread name would become an unlisted folder of its own instead of the listed channel.
    expect(summary.unlisted).toBe(0);
    expect(summary.skipped).toEqual([NO_USERS_JSON]);
    expect(await tsIn(ws, EVENTS_ID)).toEqual(GOOD_TS);
  });

  it('imports a channel folder whose name is in decomposed Unicode (NFD)', async () => {
    const ws = await demoStore();
    const nfd = 'événements'.normalize('NFD');
    const file = writeInput(ws, 'export.zip', [
      { name: 'channels.json', data: channelsFile(EVENTS_ID, 'événements') },
      { name: `${nfd}/2020-01-01.json`, data: goodDay(), utf8Flag: true },
    ]);
    const summary = await run(ws, file);
    expect(summary.unlisted).toBe(0);
    expect(await tsIn(ws, EVENTS_ID)).toEqual(GOOD_TS);
  });

  it('reads entries stored without compression', async () => {
    const ws = await demoStore();
    const file = writeInput(
      ws,
      'export.zip',
      smallExport({ name: BAD_DAY, data: json([message('1577966400.000100', 'Stored')]), method: 'store' }),
    );
    const summary = await run(ws, file);
    expect(summary.dayFiles).toEqual({ imported: 2, unchanged: 0, failed: 0 });
    expect(await tsIn(ws, CHANNEL_ID)).toEqual([...GOOD_TS, '1577966400.000100']);
  });

  it('imports an export wrapped in one top-level folder', async () => {
    const ws = await demoStore();
    const file = writeInput(ws, 'export.zip', [
      { name: 'My Export/', data: Buffer.alloc(0) },
      { name: 'My Export/channels.json', data: channelsFile('CWRAPPED01', 'general') },
      { name: 'My Export/general/', data: Buffer.alloc(0) },
      { name: 'My Export/general/2020-01-01.json', data: goodDay() },
    ]);
    const summary = await run(ws, file);
    expect(summary.conversations.public).toBe(1);
    expect(summary.unlisted).toBe(0);
    expect(await tsIn(ws, 'CWRAPPED01')).toEqual(GOOD_TS);
  });

  it('imports a wrapped export re-zipped by macOS Finder (with __MACOSX/ beside it)', async () => {
    const ws = await demoStore();
    const file = writeInput(ws, 'export.zip', [
      { name: 'My Export/channels.json', data: channelsFile('CWRAPPED01', 'general') },
      { name: 'My Export/general/2020-01-01.json', data: goodDay() },
      { name: '__MACOSX/My Export/._channels.json', data: Buffer.from([0, 5, 22, 7, 0, 2, 0, 0]) },
    ]);
    await run(ws, file);
    expect(await tsIn(ws, 'CWRAPPED01')).toEqual(GOOD_TS);
  });

  it('names the files it does not archive, in folders too, leaving out what the operating system added', async () => {
    const ws = await demoStore();
    const file = writeInput(
      ws,
      'export.zip',
      smallExport(
        { name: 'integration_logs.json', data: json({ logs: [] }) },
        { name: 'canvases.json', data: json([]) },
        { name: '.DS_Store', data: Buffer.from([0, 0, 0, 1]) },
        { name: `${FOLDER}/notes.txt`, data: Buffer.from('not a day file') },
      ),
    );
    const summary = await run(ws, file);
    expect(summary.ignored).toEqual(['canvases.json', `${FOLDER}/notes.txt`, 'integration_logs.json']);
    expect(summary.dayFiles).toEqual({ imported: 1, unchanged: 0, failed: 0 });
  });

  it('imports an export without users.json, keeping authors as ids', async () => {
    const ws = await demoStore();
    const ghost = 'U0GHOST001';
    const file = writeInput(ws, 'export.zip', [
      { name: 'channels.json', data: channelsFile() },
      { name: GOOD_DAY, data: json(GOOD_TS.map((ts) => message(ts, 'Qui suis-je ?', ghost))) },
    ]);
    const summary = await run(ws, file);
    expect(summary.people).toBe(0);
    // Said, not only noticed by an empty list of people.
    expect(summary.skipped).toContainEqual(NO_USERS_JSON);
    expect(summary.dayFiles).toEqual({ imported: 1, unchanged: 0, failed: 0 });
    const { rows } = await ws.database.client.execute({
      sql: 'SELECT ts, user_id FROM messages WHERE channel_id = ? ORDER BY ts',
      args: [CHANNEL_ID],
    });
    expect(rows.map((row) => [row.ts, row.user_id])).toEqual(GOOD_TS.map((ts) => [ts, ghost]));
    // No person is invented for the unknown author.
    expect(await scalar(ws.database, 'SELECT count(*) FROM people WHERE id = ?', [ghost])).toBe(0);
  });
});

describe('nothing lost without a line that says so', () => {
  it('reads every entry of a zip whose end record announces one entry too few, and says so', async () => {
    const ws = await demoStore();
    // No folder entries: every entry is a file, so the last one is one the count leaves out.
    const entries = smallExport({ name: BAD_DAY, data: json([message('1577966400.000100', 'Le dernier')]) }).filter(({ name }) => !String(name).endsWith('/'));
    const zip = writeRawZip(entries.map((entry) => ({ method: 'deflate' as const, ...entry })));
    const end = zip.length - 22;
    zip.writeUInt16LE(zip.readUInt16LE(end + 8) - 1, end + 8);
    zip.writeUInt16LE(zip.readUInt16LE(end + 10) - 1, end + 10);
    const file = path.join(ws.root, 'short.zip');
    fs.writeFileSync(file, zip);
    const summary = await run(ws, file);
    expect(await tsIn(ws, CHANNEL_ID)).toEqual([...GOOD_TS, '1577966400.000100']);
    expect(summary.skipped).toContainEqual({ item: file, reason: expect.stringMatching(/announces 2 entries but its directory holds 3: all 3 were read/) });
  });

  it('imports the days of a channel whose name holds a newline', async () => {
    const ws = await demoStore();
    const name = 'essais\nimport';
    const file = writeInput(ws, 'export.zip', [
      { name: 'channels.json', data: channelsFile(CHANNEL_ID, name) },
      { name: `${name}/2020-01-01.json`, data: goodDay(), utf8Flag: true },
    ]);
    const summary = await run(ws, file);
    expect(summary.unlisted).toBe(0);
    expect(await tsIn(ws, CHANNEL_ID)).toEqual(GOOD_TS);
  });

  it('accepts an entry name that starts with a letter and a colon, which is no absolute path', async () => {
    const ws = await demoStore();
    const file = writeInput(ws, 'export.zip', [
      { name: 'channels.json', data: channelsFile(CHANNEL_ID, 'x:notes') },
      { name: 'x:notes/2020-01-01.json', data: goodDay() },
    ]);
    await run(ws, file);
    expect(await tsIn(ws, CHANNEL_ID)).toEqual(GOOD_TS);
  });

  it('names a day file whose name was damaged, instead of ignoring it in silence', async () => {
    const ws = await demoStore();
    const damaged = `${FOLDER}/2020-01-02.js\u0001n`;
    const summary = await run(ws, writeInput(ws, 'export.zip', smallExport({ name: damaged, data: goodDay() })));
    expect(summary.ignored).toContain(damaged);
  });

  it('keeps the first of two different channels with one id and names the second; the same channel twice is one', async () => {
    const ws = await demoStore();
    const first = { id: CHANNEL_ID, name: FOLDER, created: 1577836800, members: [AUTHOR] };
    const second = { id: CHANNEL_ID, name: 'autre-nom', created: 1577836800, members: [AUTHOR] };
    const file = writeInput(ws, 'export.zip', [
      { name: 'channels.json', data: json([first, first, second]) },
      { name: GOOD_DAY, data: goodDay() },
      { name: 'autre-nom/2020-01-01.json', data: json([message('1577880000.000900', 'Ailleurs')]) },
    ]);
    const summary = await run(ws, file);
    const lines = summary.skipped.filter((line) => line.item.startsWith('channels.json'));
    expect(lines).toEqual([{ item: `channels.json ${CHANNEL_ID}`, reason: expect.stringContaining('a second, different conversation with the id') }]);
    expect(await tsIn(ws, CHANNEL_ID)).toEqual(GOOD_TS);
    // The second one's folder is not lost: it is imported as a folder no list mentions, and named as such.
    expect(summary.skipped).toContainEqual({ item: 'autre-nom/', reason: expect.stringMatching(/^folder not listed/) });
  });

  it('keeps the later of two different messages with one ts and names the earlier with both texts; the same message twice is one', async () => {
    const ws = await demoStore();
    const ts = GOOD_TS[0]!;
    const day = json([message(ts, 'Première version'), message(ts, 'Première version'), message(ts, 'Seconde version'), message(GOOD_TS[1]!, 'Voisin')]);
    const summary = await run(ws, writeInput(ws, 'export.zip', [{ name: 'channels.json', data: channelsFile() }, { name: GOOD_DAY, data: day }]));
    expect(summary.skipped.filter((line) => line.item.startsWith(GOOD_DAY))).toEqual([
      { item: `${GOOD_DAY} [2]`, reason: `a second, different message with the ts ${ts}: the later one is kept, the earlier one is replaced (earlier text "Première version", later "Seconde version")` },
    ]);
    const { rows } = await ws.database.client.execute({ sql: 'SELECT text FROM messages WHERE channel_id = ? ORDER BY ts', args: [CHANNEL_ID] });
    expect(rows.map((row) => row.text)).toEqual(['Seconde version', 'Voisin']);
  });

  it('names a message that a later day file of the same channel gives another content under the same ts', async () => {
    const ws = await demoStore();
    const ts = GOOD_TS[1]!;
    const later = json([message(ts, 'Recopié ailleurs'), message('1577966400.000100', 'Le lendemain')]);
    const summary = await run(ws, writeInput(ws, 'export.zip', smallExport({ name: BAD_DAY, data: later })));
    expect(summary.skipped).toContainEqual({
      item: `${BAD_DAY} ${ts}`,
      reason: `a second, different message with the ts ${ts} in this channel: the later one is kept, the earlier one is replaced (earlier text "Message 2", later "Recopié ailleurs")`,
    });
    const { rows } = await ws.database.client.execute({ sql: 'SELECT text FROM messages WHERE channel_id = ? ORDER BY ts', args: [CHANNEL_ID] });
    expect(rows.map((row) => row.text)).toEqual(['Message 1', 'Recopié ailleurs', 'Le lendemain']);
    // The clean export imported next makes the archive a fresh import of it makes: the unchanged day file is read again.
    await run(ws, writeInput(ws, 'clean.zip', smallExport({ name: BAD_DAY, data: json([message('1577966400.000100', 'Le lendemain')]) })));
    const again = await ws.database.client.execute({ sql: 'SELECT text FROM messages WHERE channel_id = ? ORDER BY ts', args: [CHANNEL_ID] });
    expect(again.rows.map((row) => row.text)).toEqual(['Message 1', 'Message 2', 'Le lendemain']);
  });

  it('says nothing of a message edited since an earlier import: that is an edit, not a duplicate', async () => {
    const ws = await demoStore();
    await run(ws, writeInput(ws, 'first.zip', smallExport()));
    const edited = json([message(GOOD_TS[0]!, 'Message 1 (modifié)'), message(GOOD_TS[1]!, 'Message 2')]);
    const summary = await run(ws, writeInput(ws, 'second.zip', [{ name: 'channels.json', data: channelsFile() }, { name: GOOD_DAY, data: edited }]));
    expect(summary.messages).toEqual({ written: 1, unchanged: 1 });
    expect(summary.skipped.filter((line) => /second, different/.test(line.reason))).toEqual([]);
  });
});

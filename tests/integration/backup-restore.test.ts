import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Libsql from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBackups, takeBackup } from '../../src/core/backups/backup.ts';
import { checkDatabaseFile } from '../../src/core/db/database-file-check.ts';
import { restoreBackup } from '../../src/core/backups/restore.ts';
import { markServerRunning } from '../../src/core/backups/running-server.ts';
import { DATABASE_FILE_NAME, openDatabase } from '../../src/core/db/client.ts';
import { migrateDatabase } from '../../src/core/db/migrate.ts';
import { writeExportZip } from '../../src/core/synthetic-export/generate.ts';
import { hashArchive } from '../support/archive-hash.ts';

// Backups are taken while the server and imports write, in other processes, as in production.
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const WRITER = fileURLToPath(new URL('../support/audit-writer.ts', import.meta.url));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-backup-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const cliEnv = (dataDir: string) => ({ PATH: process.env.PATH ?? '', PASSERELLE_DEMO: '1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' });

function start(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; exited: Promise<number | null>; firstLine: Promise<string> } {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('\n')) resolve(seen.split('\n')[0]!);
    });
  });
  return { child, exited, firstLine };
}

async function migratedDataDir(name: string): Promise<string> {
  const dataDir = path.join(work, name);
  const database = await openDatabase(dataDir);
  await migrateDatabase(database.db);
  database.close();
  return dataDir;
}

async function archiveHashOf(dataDir: string): Promise<{ hash: string; messages: number }> {
  const database = await openDatabase(dataDir);
  try {
    const { rows } = await database.client.execute('SELECT count(*) AS n FROM messages');
    return { hash: await hashArchive(database.client), messages: Number(rows[0]!.n) };
  } finally {
    database.close();
  }
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const count = (file: string, sql: string) => {
  const db = new Libsql(file, { readonly: true });
  try {
    return Number((db.prepare(sql).raw().get() as [number])[0]);
  } finally {
    db.close();
  }
};

describe('a backup taken while an import writes', () => {
  const exportZip = path.join(work, 'export.zip');
  let reference: { hash: string; messages: number };

  beforeAll(async () => {
    // Many small day files: the import commits them in several groups, so backups land between commits.
    await writeExportZip(exportZip, { messages: 5_000, seed: 11, channels: 4, messagesPerDay: 12 });
    const clean = start([CLI, 'import', exportZip], cliEnv(path.join(work, 'clean')));
    expect(await clean.exited).toBe(0);
    reference = await archiveHashOf(path.join(work, 'clean'));
  }, 180_000);

  it('restores to a state the import resumes from to the very archive of a clean import', async () => {
    const dataDir = await migratedDataDir('importing');
    const databaseFile = path.join(dataDir, DATABASE_FILE_NAME);
    const backups = path.join(work, 'import-backups');
    const importing = start([CLI, 'import', exportZip], cliEnv(dataDir));
    let running = true;
    void importing.exited.then(() => (running = false));
    const taken: string[] = [];
    // Copies at several points of the writing, each a snapshot of committed transactions only.
    while (running && taken.length < 3) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (count(databaseFile, 'SELECT count(*) FROM messages') === 0) continue;
      taken.push(takeBackup({ databaseFile, dir: backups, keep: 10 }).file);
    }
    expect(await importing.exited).toBe(0);
    expect(taken.length, 'the import ended before a backup could be taken during it').toBeGreaterThan(0);
    const partway = taken.filter((file) => count(file, 'SELECT count(*) FROM messages') < reference.messages);
    expect(partway.length, 'no backup landed while messages were still being written').toBeGreaterThan(0);

    // The first and the last copy taken mid-import: the earliest and the fullest states.
    for (const [n, backup] of [...new Set([partway[0]!, partway.at(-1)!])].entries()) {
      const restored = path.join(work, `restored-${n}`);
      fs.mkdirSync(restored);
      restoreBackup({ databaseFile: path.join(restored, DATABASE_FILE_NAME), from: backup });
      const resumed = start([CLI, 'import', exportZip], cliEnv(restored));
      expect(await resumed.exited).toBe(0);
      expect(await archiveHashOf(restored)).toEqual(reference);
    }
  }, 300_000);
});

describe('a backup taken while the web writes', () => {
  it('holds whole transactions only', async () => {
    const dataDir = await migratedDataDir('web');
    const databaseFile = path.join(dataDir, DATABASE_FILE_NAME);
    const writer = start([WRITER, databaseFile, 'batches'], { PATH: process.env.PATH ?? '' });
    try {
      expect(await writer.firstLine).toBe('writing');
      for (let n = 0; n < 5; n++) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        const backup = takeBackup({ databaseFile, dir: path.join(work, 'web-backups'), keep: 10 });
        const rows = count(backup.file, "SELECT count(*) FROM audit_log WHERE actor = 'writer'");
        expect(rows).toBeGreaterThan(0);
        expect(rows % 5, `a backup holds ${rows} rows: part of a transaction`).toBe(0);
        // Rows come in id order with no hole: nothing half-copied in the middle either.
        expect(count(backup.file, "SELECT max(id) - min(id) + 1 FROM audit_log WHERE actor = 'writer'")).toBe(rows);
      }
    } finally {
      writer.child.kill('SIGKILL');
      await writer.exited;
    }
  }, 120_000);
});

describe('keeping backups', () => {
  it('keeps the newest BACKUP_KEEP, by date, and names each with its UTC time', async () => {
    const dataDir = await migratedDataDir('keep');
    const dir = path.join(work, 'keep-backups');
    const databaseFile = path.join(dataDir, DATABASE_FILE_NAME);
    for (const day of [1, 2, 3, 4]) takeBackup({ databaseFile, dir, keep: 3, now: new Date(`2026-03-0${day}T10:00:00Z`) });
    expect(listBackups(dir).map((file) => path.basename(file))).toEqual([
      'passerelle-2026-03-04T100000Z.sqlite',
      'passerelle-2026-03-03T100000Z.sqlite',
      'passerelle-2026-03-02T100000Z.sqlite',
    ]);
    // Two in the same second do not overwrite each other.
    takeBackup({ databaseFile, dir, keep: 5, now: new Date('2026-03-04T10:00:00Z') });
    expect(listBackups(dir)).toHaveLength(4);
  });

  it('refuses to back up a directory without a database, in one line', async () => {
    expect(() => takeBackup({ databaseFile: path.join(work, 'none', DATABASE_FILE_NAME), dir: path.join(work, 'x'), keep: 1 })).toThrow(/no database to back up/);
  });
});

describe('a kill -9 during a backup', () => {
  it('leaves the previous backup and the database intact, and the next backup clears the remains', async () => {
    const dataDir = await migratedDataDir('killed');
    const databaseFile = path.join(dataDir, DATABASE_FILE_NAME);
    // Enough pages that the copy takes long enough to be killed in the middle.
    const db = new Libsql(databaseFile);
    db.exec('CREATE TABLE padding (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500) INSERT INTO padding SELECT randomblob(65536) FROM n;');
    db.close();
    const dir = path.join(dataDir, 'backups');
    const previous = takeBackup({ databaseFile, dir, keep: 5 }).file;
    const previousHash = sha256(previous);
    const databaseHash = sha256(databaseFile);

    const backup = start([CLI, 'backup'], cliEnv(dataDir));
    let exited = false;
    void backup.exited.then(() => (exited = true));
    // Killed as soon as the new copy has started to grow, whatever it is named.
    const copying = () => fs.readdirSync(dir).some((name) => path.join(dir, name) !== previous && fs.statSync(path.join(dir, name), { throwIfNoEntry: false })?.size);
    while (!exited && !copying()) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(exited, 'the backup ended before it could be killed in the middle').toBe(false);
    backup.child.kill('SIGKILL');
    await backup.exited;

    expect(listBackups(dir)).toEqual([previous]);
    expect(sha256(previous)).toBe(previousHash);
    expect(sha256(databaseFile)).toBe(databaseHash);
    expect(() => checkDatabaseFile(databaseFile)).not.toThrow();
    const next = takeBackup({ databaseFile, dir, keep: 5 });
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
    expect(listBackups(dir)).toEqual([next.file, previous]);
  }, 120_000);
});

describe('restore', () => {
  async function withBackup(name: string): Promise<{ databaseFile: string; backup: string }> {
    const dataDir = await migratedDataDir(name);
    const databaseFile = path.join(dataDir, DATABASE_FILE_NAME);
    return { databaseFile, backup: takeBackup({ databaseFile, dir: path.join(work, `${name}-backups`), keep: 3 }).file };
  }

  it('refuses a damaged backup and a database of another program, and changes nothing', async () => {
    const { databaseFile, backup } = await withBackup('refuse');
    const before = sha256(databaseFile);
    const damaged = path.join(work, 'damaged.sqlite');
    fs.writeFileSync(damaged, fs.readFileSync(backup).subarray(0, Math.floor(fs.statSync(backup).size / 2)));
    expect(() => restoreBackup({ databaseFile, from: damaged })).toThrow(/damaged|cannot be read/);
    const garbage = path.join(work, 'garbage.sqlite');
    fs.writeFileSync(garbage, 'not a database at all, but long enough to look like a header '.repeat(200));
    expect(() => restoreBackup({ databaseFile, from: garbage })).toThrow(/cannot be read as a database/);
    const other = path.join(work, 'other.sqlite');
    const db = new Libsql(other);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY)');
    db.close();
    expect(() => restoreBackup({ databaseFile, from: other })).toThrow(/not a Passerelle database/);
    expect(sha256(databaseFile)).toBe(before);
    expect(fs.readdirSync(path.dirname(databaseFile)).filter((name) => name.includes('restor'))).toEqual([]);
  });

  it('refuses while a server serves the directory, and not after it was killed', async () => {
    const { databaseFile, backup } = await withBackup('served');
    const dataDir = path.dirname(databaseFile);
    const server = spawn('sleep', ['60']);
    try {
      fs.writeFileSync(path.join(dataDir, 'passerelle-server.pid'), `${server.pid}\n`);
      expect(() => restoreBackup({ databaseFile, from: backup })).toThrow(`a Passerelle server (process ${server.pid}) is using ${dataDir}`);
    } finally {
      server.kill('SIGKILL');
      await new Promise((resolve) => server.on('exit', resolve));
    }
    // The mark of a server killed -9 names a process that is gone.
    expect(restoreBackup({ databaseFile, from: backup }).databaseFile).toBe(databaseFile);
    // A server's own mark is cleared when it stops.
    const clear = markServerRunning(dataDir);
    expect(fs.existsSync(path.join(dataDir, 'passerelle-server.pid'))).toBe(true);
    clear();
    expect(fs.existsSync(path.join(dataDir, 'passerelle-server.pid'))).toBe(false);
  });

  it('keeps the database in place when putting the backup there fails', async () => {
    const { databaseFile, backup } = await withBackup('fails');
    const before = sha256(databaseFile);
    // The copy's own name is taken by a directory: the copy fails before anything moved.
    fs.mkdirSync(`${databaseFile}.restoring`);
    expect(() => restoreBackup({ databaseFile, from: backup })).toThrow();
    expect(sha256(databaseFile)).toBe(before);
  });

  it('moves the replaced database aside with its WAL, so neither is replayed into the other', async () => {
    const { databaseFile, backup } = await withBackup('wal');
    // A server killed -9 leaves committed rows only in the -wal file.
    const writer = start([WRITER, databaseFile, 'hold'], { PATH: process.env.PATH ?? '' });
    expect(await writer.firstLine).toBe('written');
    writer.child.kill('SIGKILL');
    await writer.exited;
    expect(fs.statSync(`${databaseFile}-wal`).size).toBeGreaterThan(0);

    const { previous } = restoreBackup({ databaseFile, from: backup });
    expect(count(databaseFile, "SELECT count(*) FROM audit_log WHERE action = 'held'")).toBe(0);
    expect(() => checkDatabaseFile(databaseFile)).not.toThrow();
    // The replaced database keeps what its WAL held: nothing of it is lost either.
    expect(count(previous!, "SELECT count(*) FROM audit_log WHERE action = 'held'")).toBe(50);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import Libsql from 'libsql';
import { checkDatabaseFile, DatabaseFileError } from '../db/database-file-check.ts';

export interface BackupOptions {
  /** The live database (DATA_DIR/passerelle.sqlite). */
  databaseFile: string;
  dir: string;
  /** How many backups to keep, newest first; older ones are removed once the new one is checked. */
  keep: number;
  now?: Date;
}

export interface BackupResult {
  file: string;
  bytes: number;
  removed: string[];
}

const PREFIX = 'passerelle-';
const SUFFIX = '.sqlite';
/** A copy being written: a kill leaves it under this name, never under a backup's. */
const PARTIAL = '.partial';

/**
 * An online, consistent copy of the database while the server and imports
 * keep writing. `VACUUM INTO` reads one snapshot (WAL lets writers go on
 * meanwhile) and writes a compact file without the pages of deleted rows, so
 * personal data already removed does not live on in backups. The copy is
 * checked before it takes a backup's name; until then the older backups are
 * untouched.
 */
export function takeBackup(options: BackupOptions): BackupResult {
  if (!fs.existsSync(options.databaseFile)) throw new DatabaseFileError(`there is no database to back up at ${options.databaseFile}`);
  fs.mkdirSync(options.dir, { recursive: true });
  removeLeftPartials(options.dir);
  const file = freeName(options.dir, options.now ?? new Date());
  const partial = `${file}${PARTIAL}`;
  try {
    const source = new Libsql(options.databaseFile, { fileMustExist: true, timeout: 15_000 });
    try {
      source.exec(`VACUUM INTO '${partial.replaceAll("'", "''")}'`);
    } finally {
      source.close();
    }
    checkDatabaseFile(partial);
    syncFile(partial);
    fs.renameSync(partial, file);
    syncFile(options.dir);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return { file, bytes: fs.statSync(file).size, removed: pruneBackups(options.dir, options.keep) };
}

/** Backups in the directory, newest first (their names sort by date). */
export function listBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(PREFIX) && name.endsWith(SUFFIX))
    .sort()
    .reverse()
    .map((name) => path.join(dir, name));
}

function pruneBackups(dir: string, keep: number): string[] {
  const removed = listBackups(dir).slice(keep);
  for (const file of removed) fs.rmSync(file, { force: true });
  return removed;
}

function removeLeftPartials(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith(PREFIX) && name.endsWith(`${SUFFIX}${PARTIAL}`)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** 2026-12-05T074512Z: UTC, sortable, no colon (some file systems refuse it). */
export function fileStamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll(':', '');
}

function freeName(dir: string, now: Date): string {
  const stamp = fileStamp(now);
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${PREFIX}${stamp}${n === 1 ? '' : `-${n}`}${SUFFIX}`);
    if (!fs.existsSync(file)) return file;
  }
}

/** The bytes, then the directory entry, on disk before the copy is called a backup. */
function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { fileStamp } from './backup.ts';
import { checkDatabaseFile } from '../db/database-file-check.ts';
import { runningServer } from './running-server.ts';

export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

export interface RestoreResult {
  databaseFile: string;
  /** Where the database that was in place went (with its -wal and -shm), or null when there was none. */
  previous: string | null;
}

const COMPANIONS = ['', '-wal', '-shm'];

/**
 * Puts a backup in place of the database. Nothing is changed until the
 * backup is proven whole and a copy of it sits beside the database; the
 * database in place is then moved aside with its WAL and shared-memory
 * files (a stale WAL next to another database would be replayed into it),
 * and the copy renamed over it. A failure at any step leaves the database
 * that was there.
 */
export function restoreBackup(options: { databaseFile: string; from: string; now?: Date }): RestoreResult {
  const dataDir = path.dirname(options.databaseFile);
  const server = runningServer(dataDir);
  if (server !== null) throw new RestoreRefused(`a Passerelle server (process ${server}) is using ${dataDir}: stop it, then restore`);
  checkDatabaseFile(options.from);

  const incoming = `${options.databaseFile}.restoring`;
  try {
    fs.copyFileSync(options.from, incoming);
    const fd = fs.openSync(incoming, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    // The copy itself may be short (a full disk): check what will actually be used.
    checkDatabaseFile(incoming);
  } catch (error) {
    fs.rmSync(incoming, { force: true });
    throw error;
  }

  const previous = fs.existsSync(options.databaseFile) ? `${options.databaseFile}.before-restore-${fileStamp(options.now ?? new Date())}` : null;
  const moved: string[] = [];
  try {
    if (previous) {
      for (const suffix of COMPANIONS) {
        if (!fs.existsSync(`${options.databaseFile}${suffix}`)) continue;
        fs.renameSync(`${options.databaseFile}${suffix}`, `${previous}${suffix}`);
        moved.push(suffix);
      }
    }
    fs.renameSync(incoming, options.databaseFile);
  } catch (error) {
    for (const suffix of moved) fs.renameSync(`${previous}${suffix}`, `${options.databaseFile}${suffix}`);
    fs.rmSync(incoming, { force: true });
    throw error;
  }
  return { databaseFile: options.databaseFile, previous };
}

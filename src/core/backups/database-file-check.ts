import fs from 'node:fs';
import Libsql from 'libsql';

export class DatabaseFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseFileError';
  }
}

/** Tables every Passerelle database has had since its first migration: they tell ours from another program's. */
const OWN_TABLES = ['__drizzle_migrations', 'settings', 'members'];

/**
 * Proves a file is a whole, readable Passerelle database before it is kept
 * as a backup or put in place by a restore: SQLite's own integrity check,
 * then the tables that make it ours. Throws one line naming the file.
 */
export function checkDatabaseFile(file: string): void {
  if (!fs.existsSync(file)) throw new DatabaseFileError(`${file} does not exist`);
  let db: InstanceType<typeof Libsql> | undefined;
  try {
    db = new Libsql(file, { readonly: true, fileMustExist: true });
    const problems = (db.prepare('PRAGMA integrity_check').raw().all() as [string][]).map(([line]) => line);
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new DatabaseFileError(`${file} is damaged: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ' …' : ''}`);
    }
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").raw().all() as [string][]).map(([name]) => name));
    const missing = OWN_TABLES.filter((table) => !tables.has(table));
    if (missing.length > 0) throw new DatabaseFileError(`${file} is not a Passerelle database (no ${missing.join(', ')} table)`);
  } catch (error) {
    if (error instanceof DatabaseFileError) throw error;
    // "file is not a database", "database disk image is malformed": SQLite's words say enough.
    throw new DatabaseFileError(`${file} cannot be read as a database: ${(error as Error).message}`);
  } finally {
    db?.close();
  }
}

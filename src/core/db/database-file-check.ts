import fs from 'node:fs';
import Libsql from 'libsql';

export class DatabaseFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseFileError';
  }
}

/** Written by the first migration: a database without it, but with tables, belongs to another program. */
const MIGRATIONS_TABLE = '__drizzle_migrations';
/** Tables every migrated Passerelle database has had since its first migration. */
const OWN_TABLES = [MIGRATIONS_TABLE, 'settings', 'members'];

/**
 * Proves a file is a Passerelle database, with one line naming the file when
 * it is not. `whole` (backups, restores) also runs SQLite's integrity check
 * and wants a migrated database; without it (every start), the check is
 * cheap at any size and lets an empty or new database through, so Passerelle
 * never migrates its tables into another program's database.
 */
export function checkDatabaseFile(file: string, { whole = true }: { whole?: boolean } = {}): void {
  if (!fs.existsSync(file)) throw new DatabaseFileError(`${file} does not exist`);
  let db: InstanceType<typeof Libsql> | undefined;
  try {
    db = new Libsql(file, { readonly: true, fileMustExist: true });
    if (whole) {
      const problems = (db.prepare('PRAGMA integrity_check').raw().all() as [string][]).map(([line]) => line);
      if (problems.length !== 1 || problems[0] !== 'ok') {
        throw new DatabaseFileError(`${file} is damaged: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ' …' : ''}`);
      }
    }
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").raw().all() as [string][]).map(([name]) => name));
    const missing = (whole ? OWN_TABLES : tables.size === 0 ? [] : [MIGRATIONS_TABLE]).filter((table) => !tables.has(table));
    if (missing.length > 0) throw new DatabaseFileError(`${file} is not a Passerelle database (no ${missing.join(', ')} table)`);
  } catch (error) {
    if (error instanceof DatabaseFileError) throw error;
    // "file is not a database", "database disk image is malformed": SQLite's words say enough.
    throw new DatabaseFileError(`${file} cannot be read as a database: ${(error as Error).message}`);
  } finally {
    db?.close();
  }
}

import fs from 'node:fs';
import path from 'node:path';
import type Libsql from 'libsql';

/**
 * The embedded index lives in a database file of its own beside the archive's:
 * an import writes it from another thread while the archive's writer goes on
 * (two files, two write locks), FTS5's inserts and merges do not share the
 * archive's page cache and commits, and a backup of the archive leaves it out.
 */
export const INDEX_FILE_NAME = 'passerelle-index.sqlite';

/**
 * The schema name the index file is attached under on the archive's
 * connections. Its tables' names are unique across both files, so the read
 * path's unqualified SQL finds them there; only statements that create
 * tables, or read a file's own catalogue, name the schema.
 */
export const INDEX_SCHEMA = 'search';

/** The index file that belongs to an archive database file. */
export function indexFileOf(archiveFile: string): string {
  return path.join(path.dirname(archiveFile), INDEX_FILE_NAME);
}

const quoted = (file: string) => `'${file.replaceAll("'", "''")}'`;

/** Attaches the index file (created when missing) to a connection to the archive, in WAL as the archive is. */
export function attachIndex(db: Libsql.Database, archiveFile: string): void {
  db.exec(`ATTACH DATABASE ${quoted(indexFileOf(archiveFile))} AS ${INDEX_SCHEMA}`);
  // page_size first: it only applies to a file with no table yet.
  db.exec(`PRAGMA ${INDEX_SCHEMA}.page_size = 16384; PRAGMA ${INDEX_SCHEMA}.journal_mode = WAL; PRAGMA ${INDEX_SCHEMA}.synchronous = NORMAL`);
}

/** Attaches the archive to a connection whose main database is the index file (the import's index thread). */
export function attachArchive(db: Libsql.Database, archiveFile: string, schema: string): void {
  db.exec(`ATTACH DATABASE ${quoted(archiveFile)} AS ${schema}`);
}

/**
 * Removes the index file with its WAL and shared memory: the next engine to
 * open builds it again from the archive (after a restore, or a repair that
 * rewrote messages the index still holds words of).
 */
export function removeIndexFile(archiveFile: string): void {
  const file = indexFileOf(archiveFile);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

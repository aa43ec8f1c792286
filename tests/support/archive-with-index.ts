import fs from 'node:fs';
import Libsql from 'libsql';
import { INDEX_SCHEMA, indexFileOf } from '../../src/core/search/embedded/index-file.ts';

export { INDEX_SCHEMA as INDEX_SCHEMA_NAME };

/**
 * A connection to an archive with its embedded index file attached, as the
 * engine opens it: tests read the index's tables and the archive's in one query.
 */
export function openArchiveWithIndex(archiveFile: string, options: { readonly?: boolean } = {}): Libsql.Database {
  const db = new Libsql(archiveFile, { readonly: options.readonly ?? false });
  const index = indexFileOf(archiveFile);
  if (fs.existsSync(index)) db.exec(`ATTACH DATABASE '${index.replaceAll("'", "''")}' AS ${INDEX_SCHEMA}`);
  return db;
}

/** Rows of one query over the archive and its index, as objects by column name. */
export function rowsWithIndex(archiveFile: string, sql: string, args: (string | number)[] = []): Record<string, unknown>[] {
  const db = openArchiveWithIndex(archiveFile, { readonly: true });
  try {
    return db.prepare(sql).all(...args) as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

/** What `passerelle reindex` leaves in the index file while it builds (or after it was killed): its fresh tables. */
export function leaveReindexUnderWay(archiveFile: string): void {
  const db = openArchiveWithIndex(archiveFile);
  try {
    db.exec(`CREATE TABLE ${INDEX_SCHEMA}.search_docs_next (id INTEGER PRIMARY KEY)`);
  } finally {
    db.close();
  }
}

/** Removes the index file as a user might (or a restore does), with its WAL and shared memory. */
export function removeIndexFileOf(archiveFile: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${indexFileOf(archiveFile)}${suffix}`, { force: true });
}

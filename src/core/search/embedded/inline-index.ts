import type Libsql from 'libsql';
import { rebuildingCheck } from './index-tables.ts';
import { IndexWriter } from './index-writer.ts';

/**
 * The embedded index lives in the archive database, so an import can write it
 * in the very transactions that write the messages, with entries its worker
 * threads prepared: no queue to fill, read back and empty, and the index is
 * never behind the archive.
 */
export interface InlineIndexing {
  /** Years (for facets) are counted in this zone; the workers need it to prepare entries. */
  readonly timeZone: string;
  /** Opens the index on the import's own connection. */
  open(db: Libsql.Database): InlineIndex;
}

export interface InlineIndex {
  /**
   * The writer for the current transaction, or null while a reindex builds
   * fresh tables: the import then queues its messages, as the rebuild may
   * already have read past them. Ask inside the write transaction.
   */
  writer(): IndexWriter | null;
}

export function inlineIndexing(timeZone: string): InlineIndexing {
  return {
    timeZone,
    open(db) {
      const writer = new IndexWriter(db);
      const rebuilding = rebuildingCheck(db);
      return { writer: () => (rebuilding() ? null : writer) };
    },
  };
}

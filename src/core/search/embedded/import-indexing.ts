import type { ImportIndexing, ImportIndexWriter } from '../import-indexing.ts';
import { ENTRY_WIDTH, entryAt } from './index-entry.ts';
import { rebuildingCheck } from './index-tables.ts';
import { IndexWriter } from './index-writer.ts';

/**
 * The embedded index lives in the archive database, so an import writes it in
 * the very transactions that write the messages, with entries its worker
 * threads prepared: no queue to fill, read back and empty, and the index is
 * never behind the archive. Only while a reindex builds fresh tables does the
 * import queue (the rebuild may already have read past its messages); that
 * queue is synced at the end of the import.
 */
export function embeddedImportIndexing(timeZone: string): ImportIndexing {
  return {
    entries: { engine: 'embedded', width: ENTRY_WIDTH, timeZone },
    catchUpAfter: Infinity,
    open(db) {
      const index = new IndexWriter(db);
      const rebuilding = rebuildingCheck(db);
      const writer: ImportIndexWriter = {
        put: (channelId, ts, values, at, replacing) => index.stage(entryAt(channelId, ts, values, at), replacing),
        remove: (channelId, ts) => index.remove({ channelId, ts }),
        flush: () => index.flush(),
        discard: () => index.discard(),
      };
      return { writer: () => (rebuilding() ? null : writer) };
    },
  };
}

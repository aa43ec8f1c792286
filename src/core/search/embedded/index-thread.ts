import { parentPort, workerData } from 'node:worker_threads';
import Libsql from 'libsql';
import { retryWhileBusy } from '../../db/busy-retry.ts';
import { attachIndex } from './index-file.ts';
import { entryAt, ENTRY_WIDTH } from './index-entry.ts';
import { rebuildingCheck } from './index-tables.ts';
import { IndexWriter } from './index-writer.ts';
import { PUT, REMOVE, type IndexBatch, type IndexThreadData, type IndexThreadReply } from './index-batch.ts';

/**
 * The import's index thread: it writes into the index file what the archive's
 * writer committed, one transaction per batch, while that writer goes on with
 * the next. Its connection is the archive's with the index attached, as the
 * engine's: thread roots and channel topics are read from the archive, which
 * committed them before the batch was sent. Its transactions begin deferred, so
 * they take the index file's write lock only, never the archive's.
 */
function run(data: IndexThreadData): void {
  const db = new Libsql(data.archiveFile);
  db.exec('PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = 4096');
  attachIndex(db, data.archiveFile);
  db.exec('PRAGMA search.cache_size = -32768; PRAGMA search.journal_size_limit = 67108864');
  const index = new IndexWriter(db);
  const rebuilding = rebuildingCheck(db);
  const record = db.prepare('INSERT OR IGNORE INTO search_indexed_entries (path, fingerprint, context) VALUES (?, ?, ?)');
  // While a reindex builds fresh tables, written messages wait in the archive's queue for it (as the archive writer would queue them).
  const queue = db.prepare('INSERT OR REPLACE INTO search_queue (channel_id, ts) VALUES (?, ?)');
  const write = db.transaction((batch: IndexBatch): number => {
    const { ops } = batch;
    const queueing = rebuilding();
    let indexed = 0;
    for (let at = 0; at < ops.length; ) {
      const op = ops[at] as number;
      const channelId = ops[at + 1] as string;
      const ts = ops[at + 2] as string;
      if (queueing) queue.run(channelId, ts);
      else if (op === REMOVE) index.remove({ channelId, ts });
      else {
        index.stage(entryAt(channelId, ts, ops, at + 4), ops[at + 3] === 1);
        indexed += 1;
      }
      at += op === REMOVE ? 3 : 4 + ENTRY_WIDTH;
    }
    if (queueing) return 0;
    index.flush();
    for (let at = 0; at < batch.records.length; at += 3) record.run(batch.records[at]!, batch.records[at + 1]!, batch.records[at + 2]!);
    return indexed;
  });
  parentPort!.on('message', (batch: IndexBatch) => {
    try {
      const indexed = retryWhileBusy(() => {
        try {
          return write(batch);
        } catch (error) {
          // Rolled back: a retry must not find this batch's rows still buffered.
          index.discard();
          throw error;
        }
      });
      parentPort!.postMessage({ id: batch.id, indexed } satisfies IndexThreadReply);
    } catch (error) {
      parentPort!.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies IndexThreadReply);
    }
  });
}

run(workerData as IndexThreadData);

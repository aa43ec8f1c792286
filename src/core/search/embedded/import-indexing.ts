import { Worker } from 'node:worker_threads';
import Libsql from 'libsql';
import type { SqlValue } from '../../db/bulk-insert.ts';
import { retryWhileBusy } from '../../db/busy-retry.ts';
import type { ImportIndex, ImportIndexing, ImportIndexWriter, IndexedEntry } from '../import-indexing.ts';
import { ENTRY_WIDTH } from './index-entry.ts';
import { attachIndex } from './index-file.ts';
import { rebuildingCheck } from './index-tables.ts';
import { PUT, REMOVE, type IndexBatch, type IndexThreadData, type IndexThreadReply } from './index-batch.ts';

/**
 * The embedded index lives in its own file (index-file.ts): an import writes it
 * on a thread of its own, from the entries its map workers prepared, while the
 * archive's writer goes on. Each archive commit hands its entries over once
 * committed, so the index never holds a message the archive does not; each
 * index commit records the day files it completes (search_indexed_entries), as
 * the archive records them in imported_entries.
 *
 * An import stopped anywhere resumes by comparing the two records: a day file
 * the archive holds and the index does not is mapped again for the index
 * alone (ArchiveWriter.indexOnly); one the index records and the archive no
 * longer does (its folder was forgotten to be read again) leaves the index's
 * record at the start, and is indexed again with the archive.
 *
 * Only while a reindex builds fresh tables does the import queue (the rebuild
 * may already have read past its messages); that queue is synced at the end of
 * the import.
 */
export function embeddedImportIndexing(timeZone: string): ImportIndexing {
  return {
    entries: { engine: 'embedded', width: ENTRY_WIDTH, timeZone },
    catchUpAfter: Infinity,
    open(_db, file) {
      return openIndexThread(file);
    },
  };
}

const THREAD_HEAP_MB = 128;

/** An index on its thread, and the main thread's view of it: its record, and the batches not yet committed. */
function openIndexThread(archiveFile: string): ImportIndex {
  const db = new Libsql(archiveFile);
  db.exec('PRAGMA busy_timeout = 5000');
  attachIndex(db, archiveFile);
  // Entries the index records and the archive no longer does (its folder is to be read again): forgotten now.
  retryWhileBusy(() =>
    db.exec(`DELETE FROM search_indexed_entries WHERE NOT EXISTS (SELECT 1 FROM main.imported_entries AS a
      WHERE a.path = search_indexed_entries.path AND a.fingerprint = search_indexed_entries.fingerprint AND a.context = search_indexed_entries.context)`),
  );
  const held = db.prepare('SELECT 1 FROM search_indexed_entries WHERE path = ? AND fingerprint = ? AND context = ?').raw();
  // A reindex building fresh tables when the import starts: the import queues, as the archive writer does without an index.
  if (rebuildingCheck(db)()) {
    db.close();
    return { writer: () => null };
  }

  // Its heap holds a batch or two and the thread roots it remembers: bounded as the map workers' are.
  const thread = new Worker(new URL('./index-thread.ts', import.meta.url), {
    workerData: { archiveFile } satisfies IndexThreadData,
    resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB, maxYoungGenerationSizeMb: 16 },
  });
  let failure: Error | null = null;
  let nextId = 0;
  let behind = 0;
  let waiting: (() => void)[] = [];
  const wake = () => {
    const woken = waiting;
    waiting = [];
    for (const resume of woken) resume();
  };
  thread.on('message', (reply: IndexThreadReply) => {
    if ('error' in reply) failure ??= new Error(`search index thread: ${reply.error}`);
    else behind -= 1;
    wake();
  });
  thread.on('error', (error) => {
    failure ??= error;
    wake();
  });
  thread.on('exit', () => {
    if (behind > 0) failure ??= new Error('the search index thread stopped before it wrote every batch');
    wake();
  });

  let ops: SqlValue[] = [];
  let records: string[] = [];
  let ready: IndexBatch | null = null;
  const writer: ImportIndexWriter = {
    put(channelId, ts, values, at, replacing) {
      ops.push(PUT, channelId, ts, replacing ? 1 : 0);
      for (let i = 0; i < ENTRY_WIDTH; i++) ops.push(values[at + i]!);
    },
    remove(channelId, ts) {
      ops.push(REMOVE, channelId, ts);
    },
    record({ path, fingerprint, context }) {
      records.push(path, fingerprint, context);
    },
    flush() {
      ready = { id: nextId++, ops, records };
      ops = [];
      records = [];
    },
    discard() {
      ops = [];
      records = [];
      ready = null;
    },
    committed() {
      const batch = ready;
      ready = null;
      if (batch === null || (batch.ops.length === 0 && batch.records.length === 0)) return;
      behind += 1;
      thread.postMessage(batch);
    },
  };

  const settled = async (batches: number): Promise<void> => {
    while (failure === null && behind > batches) await new Promise<void>((resolve) => waiting.push(resolve));
    if (failure) throw failure;
  };
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    db.close();
    void thread.terminate();
  };
  return {
    writer: () => writer,
    holds: (entry: IndexedEntry) => held.get(entry.path, entry.fingerprint, entry.context) !== undefined,
    caughtUp: settled,
    async finish() {
      try {
        await settled(0);
      } finally {
        close();
      }
    },
    abandon: close,
  };
}

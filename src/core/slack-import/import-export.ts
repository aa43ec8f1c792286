import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { SearchEngine } from '../search/port.ts';
import { importRuns } from '../db/schema/imports.ts';
import { ArchiveWriter, type DayFileWrite } from './write/archive-writer.ts';
import { EntryError } from './errors.ts';
import type { ExportSource } from './source/export-source.ts';
import { openExportSource } from './source/open-export-source.ts';
import { finalizeChannels } from './write/finalize.ts';
import { forgetMisplaced } from './write/forget-misplaced.ts';
import { queueAuthorsOutOfSearch, queueNamesAndHiddenMessages } from '../search/queue-authors.ts';
import { readExportLayout, type Conversation, type Skipped } from './layout/layout.ts';
import type { ImportLimits } from './source/limits.ts';
import { MapPool, type DayFilePart, type DayFileParts } from './map/map-pool.ts';
import { PACKED_LAYOUT } from './pack/packed-columns.ts';
import { renderFingerprint } from './map/render-context.ts';
import { NameLookup } from './layout/name-table.ts';
import { writeDirectory } from './layout/write-directory.ts';
import type { DirectoryBatchSize } from './layout/directory-batch.ts';
import { IgnoredFields, type IgnoredField } from './ignored-fields.ts';
import { PeopleFromMessages } from './layout/people-from-messages.ts';
import { ReadAhead } from './read-ahead.ts';

export interface ImportOptions {
  limits: ImportLimits;
  /** Direct and group messages stay out of the archive unless asked for. */
  includeDms: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** Kept up to date as the import goes, the way the engine's importIndexing says. */
  search?: ImportSearch;
  /** How much of the directory each transaction writes (default DIRECTORY_BATCH); tests make it small. */
  directoryBatch?: DirectoryBatchSize;
}

/** The part of a search engine an import uses; a failed sync leaves the queue for the next one. */
export type ImportSearch = Pick<SearchEngine, 'sync' | 'importIndexing'>;

export interface ImportProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  messages: number;
}

export interface ImportSummary {
  source: string;
  people: number;
  conversations: Record<Conversation['kind'], number>;
  unlisted: number;
  dayFiles: { imported: number; unchanged: number; failed: number };
  messages: { written: number; unchanged: number };
  replies: number;
  reactions: number;
  files: number;
  skipped: Skipped[];
  ignored: string[];
  /** Fields left out of their records because they did not fit, each named once with a count and an example. */
  ignoredFields: IgnoredField[];
  /** Records left out because their identity (`id`, a message's `ts`) was missing or unusable; each is in `skipped`. */
  dropped: number;
  /** People known only from their messages, the export's lists not describing them. */
  peopleFromMessages: number;
  /** Messages indexed for search, or why the index could not follow (it catches up at the next sync). */
  search: { indexed: number; error: string | null };
}

/** Day files committed together: fewer commits, and still small transactions for concurrent readers. */
const GROUP_MESSAGES = 3_000;
const GROUP_FILES = 200;

/** A summary of nothing yet: the import adds to it as it goes. */
export function emptySummary(source: string): ImportSummary {
  return {
    source,
    people: 0,
    conversations: { public: 0, private: 0, dm: 0, mpim: 0 },
    unlisted: 0,
    dayFiles: { imported: 0, unchanged: 0, failed: 0 },
    messages: { written: 0, unchanged: 0 },
    replies: 0,
    reactions: 0,
    files: 0,
    skipped: [],
    ignored: [],
    ignoredFields: [],
    dropped: 0,
    peopleFromMessages: 0,
    search: { indexed: 0, error: null },
  };
}

/** Which conversations this import takes, noting in the summary what it leaves out and why. */
function chooseConversations(conversations: Conversation[], includeDms: boolean, summary: ImportSummary): Conversation[] {
  const wanted: Conversation[] = [];
  for (const conversation of conversations) {
    const isDirect = conversation.kind === 'dm' || conversation.kind === 'mpim';
    if (isDirect && !includeDms) {
      summary.skipped.push({ item: `${conversation.folder}/`, reason: 'direct or group message: pass --include-dms to import it' });
      continue;
    }
    wanted.push(conversation);
    summary.conversations[conversation.kind] += 1;
    if (!conversation.listed) {
      summary.unlisted += 1;
      summary.skipped.push({
        item: `${conversation.folder}/`,
        reason: 'folder not listed in the export: imported as a private conversation without members (hidden until an administrator opens it)',
      });
    }
  }
  return wanted;
}

function dayFileBytes(source: ExportSource, conversations: Conversation[]): number {
  return conversations.reduce((sum, { dayFiles }) => dayFiles.reduce((bytes, file) => bytes + source.files.size(file), sum), 0);
}

type DayFileJob = {
  path: string;
  bytes: number;
  channelId: string;
  /** Its first part mapped, and the way to the others (a huge file comes in several). */
  outcome: Promise<{ fingerprint: string; result: { first: DayFilePart; parts: DayFileParts } | 'unchanged' }>;
};

/**
 * Imports a Slack export (zip or folder) into the archive. Refusals happen before
 * anything is written; after that every day file commits on its own, so running
 * the same import again after a crash completes it without doubling anything.
 */
export async function importSlackExport(database: Database, location: string, options: ImportOptions): Promise<ImportSummary> {
  const { db } = database;
  const source = await openExportSource(location, options.limits);
  try {
    const layout = await readExportLayout(source);
    const summary = emptySummary(source.label);
    summary.skipped.push(...(source.notes ?? []), ...layout.skipped);
    summary.ignored = layout.ignored;
    const wanted = chooseConversations(layout.conversations, options.includeDms, summary);
    const fingerprint = renderFingerprint(layout.names);
    // Started before anything is written: if the workers cannot start, the archive is untouched.
    const indexing = options.search?.importIndexing;
    const pool = new MapPool(
      {
        // Shared with every worker, never copied: a name per person and per channel, not the records (100 MB of users.json).
        names: layout.names,
        fingerprint,
        layout: PACKED_LAYOUT,
        entries: indexing?.entries ?? null,
      },
      dayFileBytes(source, wanted),
    );
    try {
      await pool.ready();
      const [run] = await db
        .insert(importRuns)
        .values({ source: source.label, startedAt: new Date(), status: 'running' })
        .returning({ id: importRuns.id });
      const ignoredFields = new IgnoredFields();
      ignoredFields.add(layout.ignoredFields);
      summary.dropped = layout.dropped;
      const authors = new PeopleFromMessages(new NameLookup(layout.names.people));
      let afterDayFiles: Promise<void> = Promise.resolve();

      try {
        summary.skipped.push(...(await forgetMisplaced(database.client, wanted)));
        await writeDirectory(db, source, layout, wanted, options.directoryBatch);
        summary.people = layout.names.people.count;
        const writer = new ArchiveWriter(database.file, indexing);
        try {
          writer.beginBulkLoad();
          await importDayFiles(source, wanted, fingerprint, writer, pool, summary, { ...options, ignoredFields, authors });
          // Every day file is in the index now: the engine's own work on it (the embedded engine's champion lists, a
          // minute at 5M messages) starts beside the import's last steps below instead of after them; what those
          // steps queue is synced at the end. Let it reach its second thread before the author index holds this one.
          afterDayFiles = syncSearch(options.search, summary);
          await new Promise((resolve) => setImmediate(resolve));
          writer.finishBulkLoad();
        } finally {
          writer.close();
        }
        summary.ignoredFields = ignoredFields.list();
        summary.peopleFromMessages = await authors.write(db);
        summary.people += summary.peopleFromMessages;
        await finalizeChannels(db);
        if (options.search) {
          await queueAuthorsOutOfSearch(db);
          await queueNamesAndHiddenMessages(db);
        }
        await afterDayFiles;
        await syncSearch(options.search, summary);
      } catch (error) {
        // The engine may still be working on the day files (it never rejects): the import ends after it, not under it.
        await afterDayFiles;
        // What was committed stays (a re-run completes it); the run says it stopped.
        await db.update(importRuns).set({ finishedAt: new Date(), status: 'failed', summary: String(error) }).where(eq(importRuns.id, run!.id)).catch(() => {});
        throw error;
      }
      await db
        .update(importRuns)
        .set({ finishedAt: new Date(), status: 'completed', summary: JSON.stringify(summary) })
        .where(eq(importRuns.id, run!.id));
    } finally {
      await pool.close();
    }
    return summary;
  } finally {
    await source.close();
  }
}

/**
 * Reading and mapping run ahead on worker threads; writing stays in order on
 * this thread, one transaction per day file.
 */
async function importDayFiles(
  source: ExportSource,
  conversations: Conversation[],
  contextFingerprint: string,
  writer: ArchiveWriter,
  pool: MapPool,
  summary: ImportSummary,
  { onProgress, search, ignoredFields, authors }: ImportOptions & { ignoredFields: IgnoredFields; authors: PeopleFromMessages },
): Promise<void> {
  // The import's order as two typed arrays: a day file's number and its conversation's.
  const fileOrder = Uint32Array.from(conversations.flatMap(({ dayFiles }) => dayFiles));
  const owners = Uint32Array.from(conversations.flatMap(({ dayFiles }, owner) => dayFiles.map(() => owner)));
  const progress: ImportProgress = {
    filesDone: 0,
    filesTotal: fileOrder.length,
    bytesDone: 0,
    bytesTotal: dayFileBytes(source, conversations),
    messages: 0,
  };
  onProgress?.(progress);

  // Day files reach the workers in the import's order, whatever order their locations come back in: a
  // worker maps its files one after the other and waits for the writer between the parts of a large one,
  // so a later large file taken first would wait for a writer that waits for an earlier one.
  let handedOver: Promise<unknown> = Promise.resolve();
  const start = (at: number): DayFileJob => {
    const file = fileOrder[at]!;
    const path = source.files.name(file);
    const channelId = conversations[owners[at]!]!.id;
    const located = source.locate(file);
    const mapping = Promise.all([located, handedOver]).then(([stored]) => {
      const entry = { path, fingerprint: stored.fingerprint, context: contextFingerprint };
      if (writer.isEntryImported(entry)) return { fingerprint: stored.fingerprint, parts: null };
      return { fingerprint: stored.fingerprint, parts: pool.map(path, channelId, stored) };
    });
    // A file that cannot be located is handed to no worker; the next one's turn comes all the same.
    handedOver = mapping.catch(() => {});
    return {
      path,
      bytes: source.files.size(file),
      channelId,
      outcome: mapping.then(async ({ fingerprint, parts }) =>
        parts === null ? { fingerprint, result: 'unchanged' as const } : { fingerprint, result: { first: await parts.next(), parts } },
      ),
    };
  };

  // Messages queued for the engine since its last sync.
  let queued = 0;
  // Mapped day files waiting to be committed together.
  let group: (DayFileWrite & { bytes: number; last: boolean })[] = [];
  let groupMessages = 0;
  const commit = () => {
    const outcomes = writer.writeDayFiles(group);
    group.forEach(({ packed, bytes, last }, index) => {
      const outcome = outcomes[index]!;
      summary.skipped.push(...packed.skipped, ...outcome.replaced);
      ignoredFields.add(packed.ignoredFields);
      summary.dropped += packed.dropped;
      authors.add(packed.authors);
      summary.messages.written += outcome.written;
      summary.messages.unchanged += outcome.unchanged;
      summary.search.indexed += outcome.indexed;
      queued += outcome.queued;
      summary.replies += packed.replies;
      summary.reactions += packed.reactions;
      summary.files += packed.files;
      progress.messages += packed.messages;
      if (!last) return;
      // A file that broke part of the way keeps what was read before the break, and counts as failed.
      if (packed.broken) summary.dayFiles.failed += 1;
      else summary.dayFiles.imported += 1;
      progress.filesDone += 1;
      progress.bytesDone += bytes;
    });
    group = [];
    groupMessages = 0;
    onProgress?.(progress);
  };

  const queue: DayFileJob[] = [];
  let next = 0;
  const ahead = new ReadAhead();
  const readAhead = () => {
    while (next < fileOrder.length && ahead.mayStart()) {
      const started = start(next++);
      // Rejections are handled when each job's turn comes; this keeps Node from reporting them early.
      started.outcome.catch(() => {});
      queue.push(started);
      ahead.started(started.bytes);
    }
  };
  readAhead();
  for (let index = 0; index < fileOrder.length; index++) {
    const job = queue.shift()!;
    ahead.taken(job.bytes);
    readAhead();
    const { bytes } = job;
    try {
      const { fingerprint, result } = await job.outcome;
      if (result === 'unchanged') {
        summary.dayFiles.unchanged += 1;
      } else {
        const entry = { path: job.path, fingerprint, context: contextFingerprint };
        for (let part = result.first; ; part = await result.parts.next()) {
          const { packed, last } = part;
          group.push({ channelId: job.channelId, packed, entry, record: last && !packed.broken, bytes, last });
          groupMessages += packed.messages;
          if (groupMessages >= GROUP_MESSAGES || group.length >= GROUP_FILES) {
            commit();
            if (search && queued >= search.importIndexing.catchUpAfter) {
              queued = 0;
              await syncSearch(search, summary);
            }
          }
          if (last) break;
        }
        continue;
      }
    } catch (error) {
      if (!(error instanceof EntryError)) throw error;
      summary.dayFiles.failed += 1;
      summary.skipped.push({ item: error.path, reason: error.message.slice(error.path.length + 2) });
    }
    progress.filesDone += 1;
    progress.bytesDone += bytes;
    onProgress?.(progress);
  }
  if (group.length > 0) commit();
}

/** The index follows the archive; if it cannot (Meilisearch down), the import goes on and the queue waits. */
async function syncSearch(search: ImportSearch | undefined, summary: ImportSummary): Promise<void> {
  if (!search || summary.search.error) return;
  try {
    summary.search.indexed += await search.sync();
  } catch (error) {
    summary.search.error = error instanceof Error ? error.message : String(error);
  }
}

import { getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client.ts';
import type { ExportSource } from '../source/export-source.ts';
import type { Conversation, ExportLayout } from './layout.ts';
import { readDirectory } from './read-directory.ts';
import { DIRECTORY_BATCH, type DirectoryBatch } from './directory-batch.ts';
import { channelMembers, channels, people } from '../../db/schema/archive.ts';

type BatchQuery = BatchItem<'sqlite'>;


/** SQLite accepts 32,766 bound values per statement; stay well below. */
const MAX_VARIABLES = 30_000;

function chunk<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_VARIABLES / columns));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

/** `SET column = excluded.column` for every column but the key and those another step owns. */
function takeIncoming(table: SQLiteTable, keep: readonly string[]): Record<string, SQL> {
  const set: Record<string, SQL> = {};
  for (const [key, column] of Object.entries(getTableColumns(table)) as [string, SQLiteColumn][]) {
    if (!keep.includes(key)) set[key] = sql.raw(`excluded.${column.name}`);
  }
  return set;
}

const peopleUpdate = takeIncoming(people, ['id']);
// Counts and activity are rebuilt from the messages by finalizeChannels; visibility and Mattermost names are the administrators'.
const channelUpdate = takeIncoming(channels, ['id', 'messageCount', 'firstTs', 'lastTs', 'monthlyActivity', 'statsDirty', 'visibility', 'mattermostName']);

/**
 * Writes one batch: people and conversations are upserted, and each
 * conversation's members replaced by those the export lists. A conversation and
 * its members are always in the same batch, so a kill between two batches
 * leaves every conversation either as before or as the export says; running the
 * import again writes every batch again and converges.
 */
export async function writeDirectoryBatch(db: Db, batch: DirectoryBatch): Promise<void> {
  const queries: BatchQuery[] = [];
  for (const rows of chunk(batch.people, 12)) {
    queries.push(db.insert(people).values(rows).onConflictDoUpdate({ target: people.id, set: peopleUpdate }));
  }
  for (const rows of chunk(batch.channels, 16)) {
    queries.push(db.insert(channels).values(rows).onConflictDoUpdate({ target: channels.id, set: channelUpdate }));
  }
  for (const ids of chunk(batch.channels.map((row) => row.id), 1)) {
    queries.push(db.delete(channelMembers).where(inArray(channelMembers.channelId, ids)));
  }
  for (const rows of chunk(batch.members, 2)) queries.push(db.insert(channelMembers).values(rows).onConflictDoNothing());
  if (queries.length > 0) await db.batch(queries as [BatchQuery, ...BatchQuery[]]);
}

/** The directory, batch after batch, before any message: each batch commits on its own. */
export async function writeDirectory(db: Db, source: ExportSource, layout: Pick<ExportLayout, 'names' | 'lists'>, wanted: readonly Conversation[], size = DIRECTORY_BATCH): Promise<void> {
  await readDirectory(source, layout, wanted, (batch) => writeDirectoryBatch(db, batch), size);
}

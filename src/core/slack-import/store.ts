import { and, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.ts';
import { channelMembers, channels, files, messages, people, reactions } from '../db/schema/archive.ts';
import { importedEntries } from '../db/schema/imports.ts';
import type { MappedMessage } from './map-message.ts';

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

const messageUpdate = takeIncoming(messages, ['channelId', 'ts', 'replyCount', 'latestReplyTs', 'rootMissing']);
const peopleUpdate = takeIncoming(people, ['id']);
const channelUpdate = takeIncoming(channels, ['id', 'messageCount', 'firstTs', 'lastTs', 'statsDirty']);

async function runBatch(db: Db, queries: BatchQuery[]): Promise<void> {
  if (queries.length === 0) return;
  await db.batch(queries as [BatchQuery, ...BatchQuery[]]);
}

export type PersonRow = typeof people.$inferInsert;
export type ChannelRow = typeof channels.$inferInsert;
export type MemberRow = typeof channelMembers.$inferInsert;

/** People, conversations and memberships in one transaction, before any message. */
export async function writeDirectory(db: Db, personRows: PersonRow[], channelRows: ChannelRow[], memberRows: MemberRow[]): Promise<void> {
  const queries: BatchQuery[] = [];
  for (const rows of chunk(personRows, 12)) {
    queries.push(db.insert(people).values(rows).onConflictDoUpdate({ target: people.id, set: peopleUpdate }));
  }
  for (const rows of chunk(channelRows, 16)) {
    queries.push(db.insert(channels).values(rows).onConflictDoUpdate({ target: channels.id, set: channelUpdate }));
  }
  const channelIds = channelRows.map((row) => row.id);
  for (const ids of chunk(channelIds, 1)) queries.push(db.delete(channelMembers).where(inArray(channelMembers.channelId, ids)));
  for (const rows of chunk(memberRows, 2)) queries.push(db.insert(channelMembers).values(rows).onConflictDoNothing());
  await runBatch(db, queries);
}

export interface EntryRecord {
  path: string;
  fingerprint: string;
  context: string;
}

export async function isEntryImported(db: Db, entry: EntryRecord): Promise<boolean> {
  const found = await db
    .select({ path: importedEntries.path })
    .from(importedEntries)
    .where(and(eq(importedEntries.path, entry.path), eq(importedEntries.fingerprint, entry.fingerprint), eq(importedEntries.context, entry.context)))
    .limit(1);
  return found.length > 0;
}

export interface DayFileOutcome {
  written: number;
  unchanged: number;
}

/**
 * One day file in one transaction, with the record that it was imported: a crash
 * leaves either all of it or none of it, and a re-run redoes exactly what is missing.
 * Messages whose source is unchanged are left alone.
 */
export async function writeDayFile(db: Db, channelId: string, mapped: MappedMessage[], entry: EntryRecord): Promise<DayFileOutcome> {
  const known = new Map<string, string>();
  for (const tsList of chunk(mapped.map((item) => item.message.ts), 1)) {
    const rows = await db
      .select({ ts: messages.ts, sourceHash: messages.sourceHash })
      .from(messages)
      .where(and(eq(messages.channelId, channelId), inArray(messages.ts, tsList)));
    for (const row of rows) known.set(row.ts, row.sourceHash);
  }
  const changed = mapped.filter((item) => known.get(item.message.ts) !== item.message.sourceHash);
  const replaced = changed.filter((item) => known.has(item.message.ts)).map((item) => item.message.ts);

  const queries: BatchQuery[] = [];
  for (const rows of chunk(changed.map((item) => item.message), 22)) {
    queries.push(db.insert(messages).values(rows).onConflictDoUpdate({ target: [messages.channelId, messages.ts], set: messageUpdate }));
  }
  for (const tsList of chunk(replaced, 1)) {
    queries.push(db.delete(reactions).where(and(eq(reactions.channelId, channelId), inArray(reactions.ts, tsList))));
    queries.push(db.delete(files).where(and(eq(files.channelId, channelId), inArray(files.ts, tsList))));
  }
  for (const rows of chunk(changed.flatMap((item) => item.reactions), 5)) queries.push(db.insert(reactions).values(rows));
  for (const rows of chunk(changed.flatMap((item) => item.files), 12)) queries.push(db.insert(files).values(rows));
  if (changed.length > 0) queries.push(db.update(channels).set({ statsDirty: true }).where(eq(channels.id, channelId)));
  queries.push(db.insert(importedEntries).values(entry).onConflictDoNothing());
  await runBatch(db, queries);
  return { written: changed.length, unchanged: mapped.length - changed.length };
}

import { getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client.ts';
import { channelMembers, channels, people } from '../../db/schema/archive.ts';

type BatchQuery = BatchItem<'sqlite'>;

export type PersonRow = typeof people.$inferInsert;
export type ChannelRow = typeof channels.$inferInsert;
export type MemberRow = typeof channelMembers.$inferInsert;

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

/** People, conversations and memberships in one transaction, before any message. */
export async function writeDirectory(db: Db, personRows: PersonRow[], channelRows: ChannelRow[], memberRows: MemberRow[]): Promise<void> {
  const queries: BatchQuery[] = [];
  for (const rows of chunk(personRows, 12)) {
    queries.push(db.insert(people).values(rows).onConflictDoUpdate({ target: people.id, set: peopleUpdate }));
  }
  for (const rows of chunk(channelRows, 16)) {
    queries.push(db.insert(channels).values(rows).onConflictDoUpdate({ target: channels.id, set: channelUpdate }));
  }
  for (const ids of chunk(channelRows.map((row) => row.id), 1)) {
    queries.push(db.delete(channelMembers).where(inArray(channelMembers.channelId, ids)));
  }
  for (const rows of chunk(memberRows, 2)) queries.push(db.insert(channelMembers).values(rows).onConflictDoNothing());
  if (queries.length > 0) await db.batch(queries as [BatchQuery, ...BatchQuery[]]);
}

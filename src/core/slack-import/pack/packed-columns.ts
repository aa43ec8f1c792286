import { getTableColumns } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { files, messages, reactions } from '../../db/schema/archive.ts';
import type { PackedLayout } from './packed-day-file.ts';

/** Column keys and SQL names of a drizzle table, minus the ones the writer or another step owns. */
function columnsOf(table: SQLiteTable, leaveOut: readonly string[]): [string, string][] {
  return (Object.entries(getTableColumns(table)) as [string, SQLiteColumn][])
    .filter(([key]) => !leaveOut.includes(key))
    .map(([key, column]) => [key, column.name]);
}

/**
 * The columns a packed day file carries, in order. The channel (one per day
 * file) and, for reactions and files, the message's ts are bound by the writer;
 * reply counts and "root missing" belong to finalizeChannels.
 */
export const MESSAGE_COLUMNS = columnsOf(messages, ['channelId', 'replyCount', 'latestReplyTs', 'rootMissing']);
export const REACTION_COLUMNS = columnsOf(reactions, ['channelId', 'ts']);
export const FILE_COLUMNS = columnsOf(files, ['channelId', 'ts']);
export const TS_AT = MESSAGE_COLUMNS.findIndex(([key]) => key === 'ts');
export const SOURCE_HASH_AT = MESSAGE_COLUMNS.findIndex(([key]) => key === 'sourceHash');

/** Handed to the map workers, which do not load drizzle. */
export const PACKED_LAYOUT: PackedLayout = {
  message: MESSAGE_COLUMNS.map(([key]) => key),
  reaction: REACTION_COLUMNS.map(([key]) => key),
  file: FILE_COLUMNS.map(([key]) => key),
};

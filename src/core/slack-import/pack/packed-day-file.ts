import type { SqlValue } from '../../db/bulk-insert.ts';
import type { IndexEntry } from '../../search/embedded/index-entry.ts';
import type { Skipped } from '../layout/layout.ts';
import type { MappedDayFile } from '../map/map-day-file.ts';
import type { MessageRow } from '../map/map-message.ts';

/** Which row keys a packed day file carries, in order (see packed-columns.ts). */
export interface PackedLayout {
  message: readonly string[];
  reaction: readonly string[];
  file: readonly string[];
}

/**
 * A mapped day file as one flat array of SQL values: what crosses from a map
 * worker to the writer. Per message: its layout.message values, its entry in
 * the embedded search index (INDEX_VALUES: body, meta, year, terms; nulls when
 * the import does not write the index, or the message is not searchable), the
 * number of reactions, the number of files, then each reaction's layout.reaction
 * values and each file's layout.file values. On a generated export, cloning this array
 * costs about 3 µs a message across both threads, where JSON of the row objects
 * cost 11 µs (9 of them stringifying on the worker), and the writer then still
 * had to turn objects into argument lists.
 */
export interface PackedDayFile {
  values: SqlValue[];
  messages: number;
  replies: number;
  reactions: number;
  files: number;
  /** Lowest and highest ts of the file's messages (string order, as SQLite compares them). */
  low: string | null;
  high: string | null;
  skipped: Skipped[];
}

export const INDEX_VALUES = 4;

function pushValues(values: SqlValue[], row: object, keys: readonly string[]): void {
  for (const key of keys) {
    const value = (row as Record<string, unknown>)[key];
    values.push(value === undefined || value === null ? null : typeof value === 'boolean' ? Number(value) : (value as SqlValue));
  }
}

/** Prepares a message's search index entry; null for a message search leaves out. */
export type IndexEntryOf = (message: MessageRow) => IndexEntry | null;

export function packDayFile({ mapped, skipped }: MappedDayFile, layout: PackedLayout, entryOf?: IndexEntryOf): PackedDayFile {
  const values: SqlValue[] = [];
  let replies = 0;
  let reactions = 0;
  let files = 0;
  let low: string | null = null;
  let high: string | null = null;
  for (const item of mapped) {
    pushValues(values, item.message, layout.message);
    const entry = entryOf?.(item.message);
    if (entry) values.push(entry.body, entry.meta, entry.year, entry.terms);
    else values.push(null, null, null, null);
    values.push(item.reactions.length, item.files.length);
    for (const reaction of item.reactions) pushValues(values, reaction, layout.reaction);
    for (const file of item.files) pushValues(values, file, layout.file);
    const { ts, threadTs } = item.message;
    if (threadTs && threadTs !== ts) replies += 1;
    reactions += item.reactions.length;
    files += item.files.length;
    if (low === null || ts < low) low = ts;
    if (high === null || ts > high) high = ts;
  }
  return { values, messages: mapped.length, replies, reactions, files, low, high, skipped };
}

import type { SqlValue } from '../../db/bulk-insert.ts';
import type { Skipped } from '../layout/layout.ts';
import type { MappedDayFile } from '../map/map-day-file.ts';
import type { AuthorSeen } from '../map/author-seen.ts';
import type { IgnoredField } from '../ignored-fields.ts';
import type { MessageRow } from '../map/map-message.ts';

/** Which row keys a packed day file carries, in order (see packed-columns.ts). */
export interface PackedLayout {
  message: readonly string[];
  reaction: readonly string[];
  file: readonly string[];
}

/**
 * A mapped day file (or one part of a huge one) as one flat array of SQL values: what crosses from a map
 * worker to the writer. Per message: its layout.message values, its search
 * index entry (as many values as the engine's EntrySpec.width, none for an
 * engine that reads the queue; nulls when search leaves the message out), the
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
  ignoredFields: IgnoredField[];
  dropped: number;
  authors: AuthorSeen[];
  /** The last part of a file that could not be read to its end (the break is in `skipped`): not recorded as imported. */
  broken: boolean;
}

function pushValues(values: SqlValue[], row: object, keys: readonly string[]): void {
  for (const key of keys) {
    const value = (row as Record<string, unknown>)[key];
    values.push(value === undefined || value === null ? null : typeof value === 'boolean' ? Number(value) : (value as SqlValue));
  }
}

/** Each message's search index entry, `width` values prepared on the worker; null for a message search leaves out. */
export interface EntryPacking {
  width: number;
  valuesOf(message: MessageRow): SqlValue[] | null;
}

const NO_ENTRIES: EntryPacking = { width: 0, valuesOf: () => null };

export function packDayFile({ mapped, skipped, ignoredFields, dropped, authors, broken }: MappedDayFile, layout: PackedLayout, entries: EntryPacking = NO_ENTRIES): PackedDayFile {
  const values: SqlValue[] = [];
  let replies = 0;
  let reactions = 0;
  let files = 0;
  let low: string | null = null;
  let high: string | null = null;
  for (const item of mapped) {
    pushValues(values, item.message, layout.message);
    const entry = entries.valuesOf(item.message);
    for (let i = 0; i < entries.width; i++) values.push(entry ? entry[i]! : null);
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
  return { values, messages: mapped.length, replies, reactions, files, low, high, skipped, ignoredFields, dropped, authors, broken };
}

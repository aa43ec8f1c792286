import type { SqlValue } from '../../db/bulk-insert.ts';

/**
 * One archive commit's worth of index work, as the import's index thread
 * receives it, in the order the archive writer met it: `ops` holds, per
 * message, PUT, channel, ts, replacing (0/1) and the entry's ENTRY_WIDTH
 * values, or REMOVE, channel, ts; `records` the day files it completes
 * (path, fingerprint, context).
 */
export interface IndexBatch {
  id: number;
  ops: SqlValue[];
  records: string[];
}

export const PUT = 1;
export const REMOVE = 0;

export interface IndexThreadData {
  archiveFile: string;
}

export type IndexThreadReply = { id: number; indexed: number } | { error: string };

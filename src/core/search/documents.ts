import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

/** What both engines index for one message: its words, and the fields filters and facets use. */
export interface SearchDocument {
  channelId: string;
  ts: string;
  tsMs: number;
  authorId: string | null;
  /** Calendar year in the community's time zone. */
  year: number;
  text: string;
  hasFile: boolean;
  hasLink: boolean;
  hasReaction: boolean;
  /** A thread's root or one of its replies. */
  isThread: boolean;
}

export interface MessageKey {
  channelId: string;
  ts: string;
}

/** Join and leave notices say nothing worth finding. */
const INDEXED = sql`(m.subtype IS NULL OR m.subtype NOT IN ('channel_join', 'channel_leave', 'group_join', 'group_leave'))`;

interface Row {
  channel_id: string;
  ts: string;
  ts_ms: number;
  user_id: string | null;
  plain: string;
  has_files: number;
  has_links: number;
  has_reactions: number;
  thread_ts: string | null;
}

export function yearIn(timeZone: string): (ms: number) => number {
  const format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', timeZone });
  return (ms) => Number(format.format(ms));
}

function toDocument(row: Row, year: (ms: number) => number): SearchDocument {
  return {
    channelId: row.channel_id,
    ts: row.ts,
    tsMs: row.ts_ms,
    authorId: row.user_id,
    year: year(row.ts_ms),
    text: row.plain,
    hasFile: row.has_files === 1,
    hasLink: row.has_links === 1,
    hasReaction: row.has_reactions === 1,
    isThread: row.thread_ts !== null,
  };
}

const COLUMNS = sql`m.channel_id, m.ts, m.ts_ms, m.user_id, m.plain, m.has_files, m.has_links, m.has_reactions, m.thread_ts`;

/**
 * The next queued messages, oldest entries first, as documents. `removed` lists
 * queued keys whose message is gone or not worth indexing: engines delete them.
 */
export async function readQueuedDocuments(
  db: Db,
  limit: number,
  timeZone: string,
): Promise<{ keys: MessageKey[]; documents: SearchDocument[]; removed: MessageKey[] }> {
  const rows = await db.all<Row & { queued_channel: string; queued_ts: string; indexed: number | null }>(sql`
    SELECT q.channel_id AS queued_channel, q.ts AS queued_ts, ${INDEXED} AS indexed, ${COLUMNS}
    FROM (SELECT channel_id, ts FROM search_queue LIMIT ${limit}) AS q
    LEFT JOIN messages AS m ON m.channel_id = q.channel_id AND m.ts = q.ts`);
  const year = yearIn(timeZone);
  const keys = rows.map((row) => ({ channelId: row.queued_channel, ts: row.queued_ts }));
  const documents = rows.filter((row) => row.indexed === 1).map((row) => toDocument(row, year));
  const removed = rows.filter((row) => row.indexed !== 1).map((row) => ({ channelId: row.queued_channel, ts: row.queued_ts }));
  return { keys, documents, removed };
}

export async function removeFromQueue(db: Db, keys: readonly MessageKey[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 400) {
    const part = keys.slice(i, i + 400);
    await db.run(sql`DELETE FROM search_queue WHERE (channel_id, ts) IN (VALUES ${sql.join(
      part.map((key) => sql`(${key.channelId}, ${key.ts})`),
      sql`, `,
    )})`);
  }
}

/** Every message worth indexing, in pages by (channel, ts): what a reindex reads. */
export async function* readAllDocuments(db: Db, pageSize: number, timeZone: string): AsyncGenerator<SearchDocument[]> {
  const year = yearIn(timeZone);
  let after: MessageKey | null = null;
  for (;;) {
    const bound = after ? sql`AND (m.channel_id, m.ts) > (${after.channelId}, ${after.ts})` : sql``;
    const rows = await db.all<Row>(sql`SELECT ${COLUMNS} FROM messages AS m WHERE ${INDEXED} ${bound} ORDER BY m.channel_id, m.ts LIMIT ${pageSize}`);
    if (rows.length === 0) return;
    yield rows.map((row) => toDocument(row, year));
    const last = rows.at(-1)!;
    after = { channelId: last.channel_id, ts: last.ts };
  }
}

/**
 * The queue's newest entry: a reindex notes it before reading the archive and
 * afterwards removes only the entries up to it. Writers replace an entry when
 * they write its message again, so anything written during the reindex has a
 * higher rowid and is indexed by the next sync.
 */
export async function queueHighWaterMark(db: Db): Promise<number> {
  const [row] = await db.all<{ mark: number | null }>(sql`SELECT max(rowid) AS mark FROM search_queue`);
  return row?.mark ?? 0;
}

export async function removeFromQueueUpTo(db: Db, mark: number): Promise<void> {
  await db.run(sql`DELETE FROM search_queue WHERE rowid <= ${mark}`);
}

export async function countIndexableMessages(db: Db): Promise<number> {
  const [row] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM messages AS m WHERE ${INDEXED}`);
  return row?.n ?? 0;
}

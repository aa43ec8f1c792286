import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channels } from '../../db/schema/archive.ts';

/** Join and leave notices are folded away in the archive; they are not "messages" to count. */
const COUNTED = sql`(subtype IS NULL OR subtype NOT IN ('channel_join', 'channel_leave'))`;

/**
 * Rebuilds what depends on several day files at once — thread reply counts,
 * replies whose root is absent, channel counts, first/last and monthly activity — for
 * every channel an import touched. Derived only from stored rows, so running it
 * again gives the same result.
 */
export async function finalizeChannels(db: Db): Promise<number> {
  const dirty = await db.select({ id: channels.id }).from(channels).where(eq(channels.statsDirty, true));
  for (const { id } of dirty) {
    await db.batch([
      db.run(sql`UPDATE messages SET reply_count = 0, latest_reply_ts = NULL
                 WHERE channel_id = ${id} AND (reply_count != 0 OR latest_reply_ts IS NOT NULL)`),
      db.run(sql`UPDATE messages AS root SET reply_count = replies.n, latest_reply_ts = replies.latest
                 FROM (SELECT thread_ts, count(*) AS n, max(ts) AS latest FROM messages
                       WHERE channel_id = ${id} AND thread_ts IS NOT NULL AND thread_ts != ts GROUP BY thread_ts) AS replies
                 WHERE root.channel_id = ${id} AND root.ts = replies.thread_ts`),
      db.run(sql`UPDATE messages SET root_missing = NOT EXISTS (
                   SELECT 1 FROM messages AS root WHERE root.channel_id = messages.channel_id AND root.ts = messages.thread_ts)
                 WHERE channel_id = ${id} AND thread_ts IS NOT NULL AND thread_ts != ts`),
      db.run(sql`UPDATE channels SET
                   message_count = (SELECT count(*) FROM messages WHERE channel_id = ${id} AND ${COUNTED}),
                   first_ts = (SELECT min(ts) FROM messages WHERE channel_id = ${id}),
                   last_ts = (SELECT max(ts) FROM messages WHERE channel_id = ${id}),
                   monthly_activity = (SELECT json_group_object(month, n) FROM (
                     SELECT strftime('%Y-%m', ts_ms / 1000, 'unixepoch') AS month, count(*) AS n FROM messages
                     WHERE channel_id = ${id} AND ${COUNTED} GROUP BY month)),
                   stats_dirty = 0
                 WHERE id = ${id}`),
    ]);
  }
  return dirty.length;
}

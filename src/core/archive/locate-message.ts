import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { messages } from '../db/schema/archive.ts';

export type MessageLocation = { channelId: string; ts: string; threadTs: string | null };

/** Where a permalink leads: replies open in their thread, other messages in the channel. */
export async function locateMessage(db: Db, channelId: string, ts: string): Promise<MessageLocation | null> {
  const [row] = await db
    .select({ threadTs: messages.threadTs, subtype: messages.subtype })
    .from(messages)
    .where(and(eq(messages.channelId, channelId), eq(messages.ts, ts)))
    .limit(1);
  if (!row) return null;
  const isReply = row.threadTs !== null && row.threadTs !== ts && row.subtype !== 'thread_broadcast';
  return { channelId, ts, threadTs: isReply ? row.threadTs : null };
}

/** Slack permalinks end in "p" + ts without its dot: p1612345678000200 → 1612345678.000200. */
export function tsFromSlackPermalink(segment: string): string | null {
  const match = /^p(\d{10})(\d{6})$/.exec(segment);
  return match ? `${match[1]}.${match[2]}` : null;
}

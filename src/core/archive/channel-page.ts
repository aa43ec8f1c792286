import { and, asc, desc, eq, gt, gte, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { messages } from '../db/schema/archive.ts';
import type { Locale } from '../i18n/index.ts';
import { loadMessageViews, type MessageView } from './message-view.ts';

export const CHANNEL_PAGE_SIZE = 50;

/** Where a page of a channel starts; every case is a keyset on (channel, ts), never an offset. */
export type ChannelPosition =
  | { at: 'latest' }
  | { at: 'oldest' }
  | { before: string }
  | { after: string }
  /** Opens with this message in the middle (permalinks). */
  | { around: string }
  /** The first message at or after this ts (jumping to a date). */
  | { from: string };

export interface ChannelPage {
  messages: MessageView[];
  /** Cursors for the pages before and after, or null at either end. */
  older: string | null;
  newer: string | null;
}

/** What the channel shows: top-level messages and replies also sent to the channel; other replies live in threads. */
const IN_CHANNEL: SQL = or(isNull(messages.threadTs), eq(messages.threadTs, messages.ts), eq(messages.subtype, 'thread_broadcast'))!;

async function fetch(db: Db, channelId: string, bound: SQL | undefined, direction: 'older' | 'newer', limit: number) {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.channelId, channelId), IN_CHANNEL, bound))
    .orderBy(direction === 'older' ? desc(messages.ts) : asc(messages.ts))
    .limit(limit);
}

export async function readChannelPage(db: Db, channelId: string, position: ChannelPosition, pageSize = CHANNEL_PAGE_SIZE, locale?: Locale): Promise<ChannelPage> {
  let older: Awaited<ReturnType<typeof fetch>> = [];
  let newer: Awaited<ReturnType<typeof fetch>> = [];
  let moreOlder = false;
  let moreNewer = false;
  if ('at' in position && position.at === 'latest') {
    older = await fetch(db, channelId, undefined, 'older', pageSize + 1);
    moreOlder = older.length > pageSize;
  } else if ('at' in position) {
    newer = await fetch(db, channelId, undefined, 'newer', pageSize + 1);
    moreNewer = newer.length > pageSize;
  } else if ('before' in position) {
    older = await fetch(db, channelId, lt(messages.ts, position.before), 'older', pageSize + 1);
    moreOlder = older.length > pageSize;
    moreNewer = true;
  } else if ('after' in position) {
    newer = await fetch(db, channelId, gt(messages.ts, position.after), 'newer', pageSize + 1);
    moreNewer = newer.length > pageSize;
    moreOlder = true;
  } else {
    const pivot = 'around' in position ? position.around : position.from;
    const half = 'around' in position ? Math.floor(pageSize / 2) : 0;
    older = half > 0 ? await fetch(db, channelId, lt(messages.ts, pivot), 'older', half + 1) : [];
    newer = await fetch(db, channelId, gte(messages.ts, pivot), 'newer', pageSize - half + 1);
    // A date after the channel's last message: its latest page, rather than an empty one with no way back.
    if ('from' in position && newer.length === 0) return readChannelPage(db, channelId, { at: 'latest' }, pageSize, locale);
    moreOlder = half > 0 ? older.length > half : (await fetch(db, channelId, lt(messages.ts, pivot), 'older', 1)).length > 0;
    moreNewer = newer.length > pageSize - half;
    older = older.slice(0, half);
    newer = newer.slice(0, pageSize - half);
  }
  const rows = [...older.slice(0, pageSize).reverse(), ...newer.slice(0, pageSize)];
  return {
    messages: await loadMessageViews(db, rows, locale),
    older: moreOlder && rows.length > 0 ? rows[0]!.ts : null,
    newer: moreNewer && rows.length > 0 ? rows.at(-1)!.ts : null,
  };
}

/** Slack's "seconds.micro" for a moment, to compare with stored ts strings (ten-digit seconds until 2286). */
export function tsAtOrAfter(epochMs: number): string {
  return `${Math.floor(epochMs / 1000)}.000000`;
}

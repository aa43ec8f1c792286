import { and, count, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { messages } from '../db/schema/archive.ts';

/** Messages per month ("YYYY-MM", UTC), oldest first, with the empty months in between as zeros. */
export type MonthlyActivity = { month: string; count: number }[];

interface ChannelStats {
  id: string;
  messageCount: number;
  lastTs: string | null;
  /** Written with the counts at import (slack-import/write/finalize.ts); null in archives imported before it existed. */
  monthlyActivity: string | null;
}

// Archives imported before the stored counts existed: one grouped query for every such channel of a
// page, kept until a channel's count or last message moves (the next import stores them anyway).
const cache = new Map<string, { signature: string; months: MonthlyActivity }>();
const MAX_CACHED = 5000;
// The counts stored at import, as read: the directory shows every channel's at each request, and they change only with an import.
const parsed = new Map<string, { json: string; months: MonthlyActivity | null }>();
const signatureOf = (channel: ChannelStats) => `${channel.messageCount}:${channel.lastTs ?? ''}`;
/** The same messages as the channels' counts: joins and leaves are folded away, not counted. */
const COUNTED = or(isNull(messages.subtype), sql`${messages.subtype} NOT IN ('channel_join', 'channel_leave')`);

/** Drops what was counted live or read: benches measure the cold query with it. */
export function forgetActivity(): void {
  cache.clear();
  parsed.clear();
}

/** Activity of each channel given, by month: stored at import, or counted in one grouped query for the others. */
export async function monthlyActivity(db: Db, wanted: readonly ChannelStats[]): Promise<Map<string, MonthlyActivity>> {
  const result = new Map<string, MonthlyActivity>();
  const missing: ChannelStats[] = [];
  for (const channel of wanted) {
    const stored = channel.monthlyActivity === null ? null : storedActivity(channel.id, channel.monthlyActivity);
    const cached = cache.get(channel.id);
    if (stored) result.set(channel.id, stored);
    else if (cached && cached.signature === signatureOf(channel)) result.set(channel.id, cached.months);
    else missing.push(channel);
  }
  const month = sql<string>`strftime('%Y-%m', ${messages.tsMs} / 1000, 'unixepoch')`;
  for (let i = 0; i < missing.length; i += 500) {
    const slice = missing.slice(i, i + 500);
    const rows = await db
      .select({ channelId: messages.channelId, month, count: count() })
      .from(messages)
      .where(and(inArray(messages.channelId, slice.map((channel) => channel.id)), COUNTED))
      .groupBy(messages.channelId, month);
    const byChannel = Map.groupBy(rows, (row) => row.channelId);
    for (const channel of slice) {
      const months = fillMonths(byChannel.get(channel.id) ?? []);
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(channel.id, { signature: signatureOf(channel), months });
      result.set(channel.id, months);
    }
  }
  return result;
}

function storedActivity(channelId: string, json: string): MonthlyActivity | null {
  const known = parsed.get(channelId);
  if (known?.json === json) return known.months;
  const months = parseStored(json);
  if (parsed.size >= MAX_CACHED) parsed.clear();
  parsed.set(channelId, { json, months });
  return months;
}

function parseStored(json: string): MonthlyActivity | null {
  try {
    const counts = JSON.parse(json) as unknown;
    if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) return null;
    const rows = Object.entries(counts).filter(
      (entry): entry is [string, number] => /^\d{4}-\d{2}$/.test(entry[0]) && Number.isInteger(entry[1]) && entry[1] >= 0,
    );
    return fillMonths(rows.map(([month, n]) => ({ month, count: n })));
  } catch {
    return null;
  }
}

/** Every month from the first to the last, so a chart's gaps are visible as gaps. */
export function fillMonths(rows: readonly { month: string; count: number }[]): MonthlyActivity {
  if (rows.length === 0) return [];
  const counts = new Map(rows.map((row) => [row.month, row.count]));
  const sorted = [...counts.keys()].sort();
  const [firstYear, firstMonth] = sorted[0]!.split('-').map(Number) as [number, number];
  const last = sorted.at(-1)!;
  const months: MonthlyActivity = [];
  for (let year = firstYear, monthIndex = firstMonth; ; monthIndex++) {
    if (monthIndex > 12) {
      monthIndex = 1;
      year++;
    }
    const key = `${year}-${String(monthIndex).padStart(2, '0')}`;
    months.push({ month: key, count: counts.get(key) ?? 0 });
    if (key >= last) return months;
  }
}

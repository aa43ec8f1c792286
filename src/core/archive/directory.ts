import { count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { channelMembers, channels } from '../db/schema/archive.ts';
import { compareDirectoryEntries } from './directory-order.ts';
import type { Locale } from '../i18n/index.ts';
import { loadPeople } from './people-names.ts';

export type ChannelRecord = typeof channels.$inferSelect;

export interface DirectoryEntry extends ChannelRecord {
  /** The name shown: the channel's, or its participants' for direct messages. */
  label: string;
}

/**
 * Readable channels, named for people; direct messages take the names of their participants.
 * In directory order: channels, then group messages, then direct messages (directory-order.ts).
 */
export async function listDirectory(db: Db, readable: ReadonlySet<string>, locale?: Locale): Promise<DirectoryEntry[]> {
  if (readable.size === 0) return [];
  const rows = await db.select().from(channels).where(inArray(channels.id, [...readable]));
  const direct = rows.filter((row) => row.kind === 'dm' || row.kind === 'mpim');
  const members = direct.length
    ? await db.select().from(channelMembers).where(inArray(channelMembers.channelId, direct.map((row) => row.id)))
    : [];
  const names = await loadPeople(db, members.map((member) => member.personId), locale);
  const entries = rows.map((row) => ({
    ...row,
    label:
      row.kind === 'dm' || row.kind === 'mpim'
        ? members.filter((member) => member.channelId === row.id).map((member) => names.get(member.personId)!.name).sort().join(', ') || row.name
        : row.name,
  }));
  return entries.sort(compareDirectoryEntries);
}

export async function getChannel(db: Db, id: string, locale?: Locale): Promise<DirectoryEntry | null> {
  const entries = await listDirectory(db, new Set([id]), locale);
  return entries[0] ?? null;
}

/** How many people the export lists in a channel (Slack's member list, not only those who wrote). */
export async function countMembers(db: Db, channelId: string): Promise<number> {
  const [row] = await db.select({ count: count() }).from(channelMembers).where(eq(channelMembers.channelId, channelId));
  return row?.count ?? 0;
}

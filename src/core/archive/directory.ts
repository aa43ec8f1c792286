import { asc, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { channelMembers, channels } from '../db/schema/archive.ts';
import { loadPeople } from './people-names.ts';

export type ChannelRecord = typeof channels.$inferSelect;

export interface DirectoryEntry extends ChannelRecord {
  /** The name shown: the channel's, or its participants' for direct messages. */
  label: string;
}

/** Readable channels, named for people; direct messages take the names of their participants. */
export async function listDirectory(db: Db, readable: ReadonlySet<string>): Promise<DirectoryEntry[]> {
  if (readable.size === 0) return [];
  const rows = await db.select().from(channels).where(inArray(channels.id, [...readable])).orderBy(asc(channels.name));
  const direct = rows.filter((row) => row.kind === 'dm' || row.kind === 'mpim');
  const members = direct.length
    ? await db.select().from(channelMembers).where(inArray(channelMembers.channelId, direct.map((row) => row.id)))
    : [];
  const names = await loadPeople(db, members.map((member) => member.personId));
  return rows.map((row) => ({
    ...row,
    label:
      row.kind === 'dm' || row.kind === 'mpim'
        ? members.filter((member) => member.channelId === row.id).map((member) => names.get(member.personId)!.name).sort().join(', ') || row.name
        : row.name,
  }));
}

export async function getChannel(db: Db, id: string): Promise<DirectoryEntry | null> {
  const entries = await listDirectory(db, new Set([id]));
  return entries[0] ?? null;
}

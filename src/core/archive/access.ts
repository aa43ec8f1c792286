import { sql } from 'drizzle-orm';
import type { Member } from '../accounts/members.ts';
import type { Db } from '../db/client.ts';

/** Who is reading: a signed-in member, or a visitor (null). */
export type Reader = Pick<Member, 'id' | 'slackPersonId' | 'role'> | null;

/**
 * The one rule for who reads what in the archive, used by every read path
 * (pages, permalinks, threads, person pages, search, JSON):
 * - a channel an administrator hid is read by nobody;
 * - a public channel an administrator opened is read by everyone, visitors included
 *   (private channels and direct messages can never be opened to others);
 * - public channels are read by signed-in members;
 * - private channels, direct and group messages only by the members linked to
 *   one of their Slack members.
 * Anything else answers exactly like something that does not exist.
 */
export async function readableChannelIds(db: Db, reader: Reader): Promise<Set<string>> {
  const rows = await db.all<{ id: string }>(sql`
    SELECT c.id FROM channels AS c
    WHERE c.visibility != 'hidden' AND (
      (c.visibility = 'open' AND c.kind = 'public')
      OR (${reader !== null ? 1 : 0} = 1 AND c.kind = 'public')
      OR (c.kind != 'public' AND EXISTS (
        SELECT 1 FROM channel_members AS m WHERE m.channel_id = c.id AND m.person_id = ${reader?.slackPersonId ?? null}))
    )`);
  return new Set(rows.map((row) => row.id));
}

/** Who reads, and what the policy lets them read: computed once per request, handed to every read path. */
export interface ReaderAccess {
  reader: Reader;
  readable: ReadonlySet<string>;
}

export async function readerAccess(db: Db, reader: Reader): Promise<ReaderAccess> {
  return { reader, readable: await readableChannelIds(db, reader) };
}

export async function canReadChannel(db: Db, reader: Reader, channelId: string): Promise<boolean> {
  return (await readableChannelIds(db, reader)).has(channelId);
}

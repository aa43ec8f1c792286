import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { members } from '../db/schema/accounts.ts';
import { people } from '../db/schema/archive.ts';

/** A Slack person an administrator may link a member to, with who holds them already. */
export interface SlackPersonChoice {
  id: string;
  realName: string | null;
  displayName: string | null;
  email: string | null;
  /** The member already linked to this person, if any. */
  linkedMemberId: string | null;
}

/** Case and accents aside: "elise" finds "Élise" (SQLite's lower() knows ASCII only). */
function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('fr');
}

/**
 * People of the Slack export matching a name, display name, handle, address or
 * id, bots left out: the administrator picks one from a list instead of typing
 * a Slack id. A workspace has thousands of people at most: filtered here, in
 * one pass, rather than with LIKE patterns to escape.
 */
export async function searchSlackPeople(db: Db, query: string, limit = 20): Promise<SlackPersonChoice[]> {
  const wanted = folded(query.trim().slice(0, 100));
  if (wanted === '') return [];
  const rows = await db
    .select({ id: people.id, handle: people.handle, realName: people.realName, displayName: people.displayName, email: people.email, linkedMemberId: members.id })
    .from(people)
    .leftJoin(members, eq(members.slackPersonId, people.id))
    .where(and(eq(people.isBot, false)));
  const sortKey = (row: (typeof rows)[number]) => folded(row.realName ?? row.displayName ?? row.handle ?? row.id);
  return rows
    .filter((row) => row.id.toLowerCase() === wanted || [row.realName, row.displayName, row.handle, row.email].some((field) => field && folded(field).includes(wanted)))
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b), 'fr'))
    .slice(0, limit)
    .map(({ handle: _handle, ...choice }) => choice);
}

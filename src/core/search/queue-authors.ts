import { sql } from 'drizzle-orm';
import { AUTHORS_OUT_OF_SEARCH_SQL } from '../accounts/consents.ts';
import { mentionedIdsSql, PSEUDONYMISED_PEOPLE_SQL } from '../archive/pseudonyms.ts';
import type { Db } from '../db/client.ts';

/**
 * Queues every message of one author for the engine's next sync, which indexes
 * or drops each as the search rule says (search/documents.ts: an author who
 * declined search is left out). REPLACE gives each entry a fresh rowid, so a
 * reindex running meanwhile leaves it for the sync after it.
 */
export async function queueAuthorForSearch(db: Db, personId: string): Promise<void> {
  await db.run(sql`INSERT OR REPLACE INTO search_queue (channel_id, ts) SELECT channel_id, ts FROM messages WHERE user_id = ${personId}`);
}

/**
 * After an import: the embedded engine indexed the new messages as it wrote them,
 * authors who declined search included. Queued again, the next sync drops them.
 */
export async function queueAuthorsOutOfSearch(db: Db): Promise<void> {
  await db.run(sql.raw(`INSERT OR REPLACE INTO search_queue (channel_id, ts) SELECT channel_id, ts FROM messages WHERE user_id IN (${AUTHORS_OUT_OF_SEARCH_SQL})`));
}

/**
 * Every message that names one person to search: theirs (their name is shown
 * with each hit) and those that @mention them, whose indexed words hold their
 * name or the pseudonym (search/documents.ts).
 */
export async function queuePersonForSearch(db: Db, personId: string): Promise<void> {
  await db.run(sql`INSERT OR REPLACE INTO search_queue (channel_id, ts)
    SELECT channel_id, ts FROM messages WHERE user_id = ${personId} OR instr(text, ${`<@${personId}`}) > 0`);
}

/**
 * After an import or a change of the community's default: messages mentioning a
 * pseudonymised person were indexed with the name as rendered, and hidden ones
 * were indexed at all; queued again, the next sync indexes the pseudonym instead
 * and drops the hidden ones.
 */
export async function queueNamesAndHiddenMessages(db: Db): Promise<void> {
  await db.run(
    sql.raw(`INSERT OR REPLACE INTO search_queue (channel_id, ts) SELECT m.channel_id, m.ts FROM messages AS m
      WHERE instr(m.text, '<@') > 0 AND EXISTS (SELECT 1 FROM (${mentionedIdsSql('m.text')}) AS mentioned WHERE mentioned.id IN (${PSEUDONYMISED_PEOPLE_SQL}))`),
  );
  await db.run(sql`INSERT OR REPLACE INTO search_queue (channel_id, ts) SELECT channel_id, ts FROM hidden_messages`);
}

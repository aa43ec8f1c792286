import { sql } from 'drizzle-orm';
import { AUTHORS_OUT_OF_SEARCH_SQL } from '../accounts/consents.ts';
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

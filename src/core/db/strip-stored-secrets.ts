import { and, gt, like, or, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { stripSlackSecrets } from '../text/slack-secrets.ts';
import type { Db } from './client.ts';
import { channels, files, messages, people } from './schema/archive.ts';
import { settings } from './schema/meta.ts';
import { searchQueue } from './schema/search.ts';

/**
 * Removes the Slack secrets that archives imported by earlier versions kept
 * (those stripped only `t=xoxe-…` from message text and file links), with the
 * importer's own rule. Migration 0006 asks for it with this setting, because
 * SQL cannot tell where a token ends; `migrateDatabase` runs it after the SQL
 * migrations, and it removes the setting when done. Interrupted, it runs again
 * at the next start: the rule changes nothing it has already changed.
 */
export const STRIP_SECRETS_REQUEST = 'repair:slack-secrets';

/** What the importer passes through stripSlackSecrets (map-message.ts, directory-rows.ts), by the schema's keys. */
const STORED_TEXTS: [SQLiteTable, Record<string, SQLiteColumn>][] = [
  [messages, { text: messages.text, html: messages.html, plain: messages.plain, attachmentsHtml: messages.attachmentsHtml, authorName: messages.authorName }],
  [files, { name: files.name, title: files.title, url: files.url, permalink: files.permalink }],
  [people, { realName: people.realName, displayName: people.displayName, title: people.title, avatarUrl: people.avatarUrl }],
  [channels, { topic: channels.topic, purpose: channels.purpose }],
];

/**
 * The embedded search engine's tables (search/embedded/index-tables.ts), and a
 * reindex's copies. Its word list never forgets a word, and FTS5 keeps deleted
 * words until it merges: the index of an archive that held secrets is dropped,
 * in the transaction of the first messages rewritten (a repair interrupted
 * after it finds no message left to rewrite), and the engine builds it again
 * from the repaired archive, as on first use.
 */
const EMBEDDED_INDEX_TABLES = ['search_fts', 'search_docs', 'search_terms', 'search_index_format'].flatMap((name) => [name, `${name}_next`]);
const dropEmbeddedIndex = (db: Db) => EMBEDDED_INDEX_TABLES.map((name) => db.run(sql.raw(`DROP TABLE IF EXISTS ${name}`)));

const PAGE = 500;
const ROWID = sql<number>`rowid`;

/** Overwrites what a rewrite or a DROP frees, so the old text does not linger in free pages of the file. In every batch: libsql may have reopened its connection. */
const secureDelete = (db: Db) => db.run(sql`PRAGMA secure_delete = ON`);

type Row = Record<string, unknown> & { rowid: number; channelId?: string; ts?: string };

/** Rewrites one table's rows that hold a secret, a page per transaction (messages with their search queue entries and the index). */
async function stripTable(db: Db, table: SQLiteTable, texts: Record<string, SQLiteColumn>): Promise<void> {
  const isMessages = table === messages;
  const key: Record<string, SQLiteColumn> = isMessages ? { channelId: messages.channelId, ts: messages.ts } : {};
  // LIKE ignores ASCII case, as the rule does; the rule changes no text without "xox".
  const holdsXox = or(...Object.values(texts).map((column) => like(column, '%xox%')));
  for (let after = 0; ; ) {
    const rows = (await db
      .select({ rowid: ROWID, ...texts, ...key })
      .from(table)
      .where(and(gt(ROWID, after), holdsXox))
      .orderBy(ROWID)
      .limit(PAGE)) as Row[];
    if (rows.length === 0) return;
    const writes: BatchItem<'sqlite'>[] = [];
    for (const row of rows) {
      const changed = Object.keys(texts).flatMap((name) => {
        const value = row[name];
        const stripped = typeof value === 'string' ? stripSlackSecrets(value) : value;
        return stripped === value ? [] : [[name, stripped]];
      });
      if (changed.length === 0) continue;
      writes.push(db.update(table).set(Object.fromEntries(changed)).where(sql`rowid = ${row.rowid}`));
      if (isMessages) {
        // A new queue entry (a new rowid), so a sync that read the old one and removes it meanwhile leaves this one (documents.ts).
        writes.push(db.run(sql`INSERT OR REPLACE INTO ${searchQueue} (channel_id, ts) VALUES (${row.channelId!}, ${row.ts!})`));
      }
    }
    if (writes.length > 0) await db.batch([secureDelete(db), ...(isMessages ? dropEmbeddedIndex(db) : []), ...writes]);
    after = Number(rows.at(-1)!.rowid);
  }
}

/** Runs the repair if a migration asked for it. */
export async function stripStoredSecrets(db: Db): Promise<void> {
  const request = await db.select({ key: settings.key }).from(settings).where(sql`${settings.key} = ${STRIP_SECRETS_REQUEST}`);
  if (request.length === 0) return;
  for (const [table, texts] of STORED_TEXTS) await stripTable(db, table, texts);
  await db.delete(settings).where(sql`${settings.key} = ${STRIP_SECRETS_REQUEST}`);
  // The old pages stay in the main file until a checkpoint copies the new ones over them: now, if no reader holds them.
  await db.run(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
}

import type { Client } from '@libsql/client';
import type { Conversation, Skipped } from '../layout/layout.ts';

interface StoredChannel {
  id: string;
  folder: string;
  listed: boolean;
}

/** Removes a channel's messages (queued so that search drops them) and what hangs on them. */
function messagesOut(id: string) {
  return [
    { sql: 'INSERT OR IGNORE INTO search_queue (channel_id, ts) SELECT channel_id, ts FROM messages WHERE channel_id = ?', args: [id] },
    { sql: 'DELETE FROM reactions WHERE channel_id = ?', args: [id] },
    { sql: 'DELETE FROM files WHERE channel_id = ?', args: [id] },
    { sql: 'DELETE FROM messages WHERE channel_id = ?', args: [id] },
    { sql: 'UPDATE channels SET stats_dirty = 1 WHERE id = ?', args: [id] },
  ];
}

/** The folder's day files are read again by this import. */
function forgetFolder(folder: string) {
  const prefix = `${folder}/`;
  return { sql: 'DELETE FROM imported_entries WHERE substr(path, 1, ?) = ?', args: [prefix.length, prefix] };
}

/**
 * A folder's messages belong to the one conversation the export gives it. An
 * earlier import of a damaged export may have put them elsewhere: without
 * channels.json every folder became a hidden unlisted copy, and with two
 * channels under one id one folder's messages went under the other's id. So
 * that importing the clean export gives the archive a fresh import would:
 * - an unlisted channel stored for a folder that a listed conversation now owns goes, with its messages;
 * - a conversation stored with another folder than the export now gives it loses its messages,
 *   which are read again from its folder (a renamed channel costs one re-read).
 * Each is named in the summary. Unlisted channels only: a listed channel of
 * another export that happens to share a folder name is never touched.
 */
export async function forgetMisplaced(client: Client, wanted: readonly Conversation[]): Promise<Skipped[]> {
  const { rows } = await client.execute('SELECT id, folder, listed FROM channels');
  const stored = rows.map((row) => ({ id: String(row.id), folder: String(row.folder), listed: Boolean(row.listed) }) satisfies StoredChannel);
  const ownerOf = new Map(wanted.map((conversation) => [conversation.folder, conversation]));
  const byId = new Map(wanted.map((conversation) => [conversation.id, conversation]));
  const statements = [];
  const named: Skipped[] = [];
  for (const channel of stored) {
    const owner = ownerOf.get(channel.folder);
    const now = byId.get(channel.id);
    if (!now && !channel.listed && owner && owner.listed) {
      statements.push(
        ...messagesOut(channel.id),
        { sql: 'DELETE FROM channel_members WHERE channel_id = ?', args: [channel.id] },
        { sql: 'DELETE FROM channels WHERE id = ?', args: [channel.id] },
        forgetFolder(channel.folder),
      );
      named.push({ item: `${channel.folder}/`, reason: `was imported earlier as an unlisted conversation (${channel.id}); the export now lists it as ${owner.id}: the unlisted copy is removed and its messages are read again` });
    } else if (now && now.folder !== channel.folder) {
      statements.push(...messagesOut(channel.id), forgetFolder(channel.folder), forgetFolder(now.folder));
      named.push({ item: `${now.folder}/`, reason: `conversation ${channel.id} was imported earlier from the folder ${JSON.stringify(channel.folder)}: its messages are removed and read again from this folder` });
    }
  }
  if (statements.length > 0) await client.batch(statements, 'write');
  return named;
}

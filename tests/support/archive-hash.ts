import { createHash } from 'node:crypto';
import type { Client } from '@libsql/client';

/** Archive tables with the key that orders them; import bookkeeping is left out on purpose. */
const HASHED_TABLES: Record<string, string> = {
  people: 'id',
  channels: 'id',
  channel_members: 'channel_id, person_id',
  messages: 'channel_id, ts',
  reactions: 'channel_id, ts, emoji',
  files: 'channel_id, ts, position',
};

/**
 * A digest of everything the archive holds, row by row in key order: two stores
 * with the same digest show members exactly the same history.
 */
export async function hashArchive(client: Client): Promise<string> {
  return Object.entries(await hashArchiveTables(client))
    .reduce((hash, [table, digest]) => hash.update(`\u0000table:${table}\u0000${digest}`), createHash('sha256'))
    .digest('hex');
}

/** The same digest table by table, to say where two archives differ. */
export async function hashArchiveTables(client: Client): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const [table, key] of Object.entries(HASHED_TABLES)) {
    const hash = createHash('sha256');
    const { rows } = await client.execute(`SELECT * FROM ${table} ORDER BY ${key}`);
    for (const row of rows) hash.update(JSON.stringify(Object.values(row)));
    digests[table] = hash.digest('hex');
  }
  return digests;
}

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from './schema/index.ts';

export type Db = LibSQLDatabase<typeof schema>;

export interface Database {
  db: Db;
  client: Client;
  file: string;
  close(): void;
}

export const DATABASE_FILE_NAME = 'passerelle.sqlite';

/**
 * Opens (creating if needed) the SQLite store under the data directory.
 * WAL lets the web server read while an import writes. Writes that must be
 * atomic go through `db.batch` (one connection, one transaction): libsql's
 * interactive transactions hand their connection away and the client then
 * opens a fresh one without the per-connection pragmas set here.
 */
export async function openDatabase(dataDir: string): Promise<Database> {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE_NAME);
  const client = createClient({ url: pathToFileURL(file).href });
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA synchronous = NORMAL');
  await client.execute('PRAGMA busy_timeout = 5000');
  return { db: drizzle(client, { schema }), client, file, close: () => client.close() };
}

/** True when the database answers a trivial read. */
export async function isDatabaseReadable(client: Client): Promise<boolean> {
  try {
    await client.execute('SELECT count(*) FROM settings');
    return true;
  } catch {
    return false;
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { checkDatabaseFile } from './database-file-check.ts';
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
  // A file of garbage or another program's database: refused before anything writes to it.
  if (fs.existsSync(file) && fs.statSync(file).size > 0) checkDatabaseFile(file, { whole: false });
  const client = createClient({ url: pathToFileURL(file).href });
  // Before the first table exists: rows hold several kilobytes of text, and larger pages split less.
  await client.execute('PRAGMA page_size = 16384');
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA synchronous = NORMAL');
  await client.execute('PRAGMA busy_timeout = 5000');
  // libsql builds SQLite to keep temporary b-trees (big sorts and GROUP BYs, as an import's final
  // counts do) in memory; in files they stay in the page cache while small and spill when large.
  await client.execute('PRAGMA temp_store = FILE');
  const resilient = retryWhenBusy(client);
  return { db: drizzle(resilient, { schema }), client: resilient, file, close: () => client.close() };
}

const BUSY = /SQLITE_BUSY|database is locked/;
const RETRY_FOR_MS = 15_000;

/**
 * An import in another process holds the write lock for a moment at each commit.
 * busy_timeout covers most waits, but libsql drops it on connections it reopens,
 * so reads and writes are retried here too: a person signing in never sees "busy".
 */
function retryWhenBusy(client: Client): Client {
  const retrying =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = Date.now();
      for (let attempt = 1; ; attempt++) {
        try {
          return await call(...args);
        } catch (error) {
          if (!BUSY.test(String((error as Error)?.message)) || Date.now() - started > RETRY_FOR_MS) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.min(25 * attempt, 250)));
        }
      }
    };
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'execute' || property === 'batch') return retrying((value as (...args: unknown[]) => Promise<unknown>).bind(target));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
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

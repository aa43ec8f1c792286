/** One corpus opened for questions: its store, the embedded engine, the reader, and both rankings in stable keys. */
import Libsql from 'libsql';
import { readerAccess, type ReaderAccess } from '../../src/core/archive/access.ts';
import { openDatabase, type Database } from '../../src/core/db/client.ts';
import { migrateDatabase } from '../../src/core/db/migrate.ts';
import { createEmbeddedEngine } from '../../src/core/search/embedded/embedded-engine.ts';
import type { SearchEngine } from '../../src/core/search/port.ts';
import { searchArchive } from '../../src/core/search/search-archive.ts';
import { buildBm25, type Bm25Index } from './bm25.ts';
import { channelKeys, ensureCorpusStore, type Corpus } from './corpora.ts';

const TIME_ZONE = 'America/Toronto';

export interface CorpusSession {
  raw: Libsql.Database;
  access: ReaderAccess;
  /** Store channel id → stable key and name. */
  keys: Map<string, { key: string; name: string }>;
  /** The first page of `searchArchive`, as stable keys, best first. */
  engine(q: string): Promise<string[]>;
  bm25(q: string, limit?: number): string[];
  /** Another BM25 over terms `term` makes (the pooling tool's loose one). */
  bm25With(term: (word: string) => string | null): Bm25Index;
  /** Stable key of a store message. */
  keyOf(channelId: string, ts: string): string;
  /** What a message says (its plain text) and where, by stable key. */
  messageOf(key: string): { plain: string; channelName: string; authorHandle: string | null; ts: string } | undefined;
  close(): Promise<void>;
}

export async function openCorpus(corpus: Corpus): Promise<CorpusSession> {
  await corpus.ensureSource?.();
  const storeDir = ensureCorpusStore(corpus);
  const database: Database = await openDatabase(storeDir);
  await migrateDatabase(database.db);
  const raw = new Libsql(database.file, { readonly: true });
  const engine: SearchEngine = createEmbeddedEngine({ file: database.file, timeZone: TIME_ZONE });
  // A store indexed by an older index format is rebuilt on open: its messages are queued, and indexed here.
  const reindexed = await engine.sync();
  if (reindexed > 0) process.stderr.write(`${corpus.name}: ${reindexed} messages indexed\n`);
  const deps = { db: database.db, engine, timeZone: TIME_ZONE };
  const access = await readerAccess(database.db, corpus.reader);
  if (access.readable.size === 0) throw new Error(`the ${corpus.name} reader reads nothing`);
  const keys = channelKeys(raw, corpus.source);
  const keyOf = (channelId: string, ts: string) => `${keys.get(channelId)?.key ?? channelId}/${ts}`;
  const bm25 = buildBm25(raw);
  const storeOf = new Map([...keys].map(([storeId, { key }]) => [key, storeId]));
  const message = raw.prepare(
    'SELECT m.plain, c.name AS channelName, p.handle AS authorHandle, m.ts FROM messages m JOIN channels c ON c.id = m.channel_id LEFT JOIN people p ON p.id = m.user_id WHERE m.channel_id = ? AND m.ts = ?',
  );
  return {
    raw,
    access,
    keys,
    keyOf,
    messageOf(key) {
      const at = key.lastIndexOf('/');
      const channel = key.slice(0, at);
      return message.get(storeOf.get(channel) ?? channel, key.slice(at + 1)) as ReturnType<CorpusSession['messageOf']>;
    },
    async engine(q) {
      const outcome = await searchArchive(deps, access, { q, sort: 'relevance', page: 1 });
      if (outcome.status === 'unavailable') throw new Error(`search unavailable for ${JSON.stringify(q)}`);
      return outcome.status === 'ok' ? outcome.hits.map((hit) => keyOf(hit.channelId, hit.ts)) : [];
    },
    bm25: (q, limit = 20) => bm25.search(q, access.readable, limit).map((hit) => keyOf(hit.channelId, hit.ts)),
    bm25With: (term) => buildBm25(raw, term),
    async close() {
      raw.close();
      await engine.close();
      database.close();
    },
  };
}

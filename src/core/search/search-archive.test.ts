import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channels } from '../db/schema/archive.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { queueOnlyIndexing } from './import-indexing.ts';
import { SearchUnavailableError, type SearchEngine } from './port.ts';
import { searchArchive } from './search-archive.ts';

const reader = { id: 'm1', slackPersonId: null, role: 'member' as const };
const readable = new Set(['C1']);
let database: Awaited<ReturnType<typeof openTempDatabase>>;

beforeEach(async () => {
  database = await openTempDatabase();
  await database.db.insert(channels).values({ id: 'C1', kind: 'public', name: 'general', folder: 'general', listed: true });
});
afterEach(() => database.dispose());

function failingEngine(error: Error): SearchEngine {
  return {
    name: 'meilisearch',
    importIndexing: queueOnlyIndexing(Infinity),
    search: async () => {
      throw error;
    },
    sync: async () => 0,
    reindex: async () => 0,
    close: async () => {},
  };
}

describe('searchArchive when the engine fails', () => {
  it('says search is unavailable and logs one line without the query', async () => {
    const lines: unknown[][] = [];
    const log = { error: (...args: unknown[]) => lines.push(args) } as unknown as Parameters<typeof searchArchive>[0]['log'];
    const outcome = await searchArchive(
      { db: database.db, engine: failingEngine(new SearchUnavailableError('meilisearch: connection refused')), timeZone: 'America/Toronto', log },
      { reader, readable },
      { q: 'confidentiel', sort: 'relevance', page: 1 },
    );
    expect(outcome.status).toBe('unavailable');
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain('confidentiel');
  });

  it('lets an unexpected error through: a bug is not an outage', async () => {
    await expect(
      searchArchive({ db: database.db, engine: failingEngine(new TypeError('bug')), timeZone: 'America/Toronto' }, { reader, readable }, { q: 'x', sort: 'newest', page: 1 }),
    ).rejects.toThrow('bug');
  });

  it('does not ask the engine when nothing was asked or nothing is readable', async () => {
    const engine = failingEngine(new TypeError('must not be called'));
    const deps = { db: database.db, engine, timeZone: 'America/Toronto' };
    expect((await searchArchive(deps, { reader, readable }, { q: '  ', sort: 'relevance', page: 1 })).status).toBe('empty');
    expect((await searchArchive(deps, { reader, readable: new Set() }, { q: 'budget', sort: 'relevance', page: 1 })).status).toBe('empty');
  });
});

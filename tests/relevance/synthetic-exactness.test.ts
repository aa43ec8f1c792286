import Libsql from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readerAccess } from '../../src/core/archive/access.ts';
import { foldWords } from '../../src/core/search/fold.ts';
import { searchArchive } from '../../src/core/search/search-archive.ts';
import { VOCABULARIES } from '../../src/core/synthetic-export/vocabulary.ts';
import { generatedExport, importArchive, type ImportedArchive } from '../support/archive-fixtures.ts';
import { embeddedEngineOn } from '../support/search-engines.ts';

/**
 * Exact before typo, checked by machine over a generated export: for words
 * of every frequency (the most common, the middle, the rarest), typed as
 * people write them (accents kept), the first hit holds the word itself,
 * folded, never only a one-letter-off neighbour or another form of it; and
 * for a word five readable messages hold or more, so do the whole top five. The generated
 * vocabulary is full of such neighbours (« donnée », « données », « donnés »),
 * which is what makes the check bite.
 */
const TIME_ZONE = 'America/Toronto';
const PER_BAND = 12;

/** How people write each folded word (the vocabulary's surface form, accents included). */
const surfaces = new Map<string, string>();
for (const words of Object.values(VOCABULARIES)) for (const surface of words) {
  const folded = foldWords(surface);
  if (folded.length === 1 && !surfaces.has(folded[0]!)) surfaces.set(folded[0]!, surface);
}

describe('exact words first, over a generated export', () => {
  let archive: ImportedArchive;
  let remove = () => {};
  const results: { word: string; typed: string; docs: number; readable: number; top: string[][] }[] = [];

  beforeAll(async () => {
    const generated = await generatedExport({ messages: 4_000, seed: 19 });
    remove = generated.remove;
    archive = await importArchive('exactness', generated.dir, async (database) => embeddedEngineOn(database, TIME_ZONE));
    const raw = new Libsql(archive.database.file, { readonly: true });
    // Words of five letters or more (typo tolerance starts there) that the vocabulary writes: the most common, the middle ones, the rarest.
    const terms = (raw.prepare('SELECT term, docs FROM search_terms WHERE length(term) >= 5 ORDER BY docs DESC, term').raw().all() as [string, number][]).filter(([term]) => surfaces.has(term));
    const middle = Math.floor(terms.length / 2);
    const picked = [...terms.slice(0, PER_BAND), ...terms.slice(middle, middle + PER_BAND), ...terms.slice(-PER_BAND)];
    // raw(): libsql's get() ignores pluck().
    const text = raw.prepare('SELECT plain FROM messages WHERE channel_id = ? AND ts = ?').raw();
    const deps = { db: archive.database.db, engine: archive.engine, timeZone: TIME_ZONE };
    // A member linked to no Slack person: the public channels.
    const access = await readerAccess(deps.db, { id: 'exactness-reader', slackPersonId: null, role: 'member' });
    const readableChannels = JSON.stringify([...access.readable]);
    // The messages holding the word that this reader may read, counted apart from the search (it may be in a private channel only).
    const readableHolding = raw.prepare(
      'SELECT count(*) FROM search_fts AS f JOIN search_docs AS d ON d.id = f.rowid WHERE search_fts MATCH ? AND d.channel_id IN (SELECT value FROM json_each(?))',
    ).raw();
    for (const [word, docs] of picked) {
      const typed = surfaces.get(word)!;
      const outcome = await searchArchive(deps, access, { q: typed, sort: 'relevance', page: 1 });
      const hits = outcome.status === 'ok' ? outcome.hits : [];
      const readable = Number((readableHolding.get(`body : "${word}"`, readableChannels) as [number])[0]);
      results.push({ word, typed, docs, readable, top: hits.slice(0, 5).map((hit) => foldWords(String((text.get(hit.channelId, hit.ts) as [string])[0]))) });
    }
    raw.close();
  }, 120_000);

  afterAll(async () => {
    await archive?.dispose();
    remove();
  });

  it('puts a message holding the word itself first, for every word asked', () => {
    expect(results.length).toBe(3 * PER_BAND);
    const misses = results.filter((result) => result.readable > 0 && !result.top[0]?.includes(result.word)).map((result) => `${result.typed} (${result.docs} messages)`);
    expect(misses, `first hit without the word itself: ${misses.join(', ')}`).toEqual([]);
    // Most words are readable somewhere: the check is not vacuous.
    expect(results.filter((result) => result.readable > 0).length).toBeGreaterThan(2 * PER_BAND);
  });

  it('fills the top five with the word itself when many messages hold it', () => {
    const common = results.filter((result) => result.readable >= 5);
    expect(common.length).toBeGreaterThan(0);
    const misses = common.filter((result) => result.top.length < 5 || result.top.some((words) => !words.includes(result.word))).map((result) => result.typed);
    expect(misses, `top five not all exact: ${misses.join(', ')}`).toEqual([]);
  });
});

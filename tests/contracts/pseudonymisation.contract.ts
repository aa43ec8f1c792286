import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMemberByEmail } from '../../src/core/accounts/members.ts';
import { readerAccess, type Reader } from '../../src/core/archive/access.ts';
import { setMessageHidden, setNameLevel } from '../../src/core/archive/name-levels.ts';
import { PSEUDONYM, INDEXED_PSEUDONYM } from '../../src/core/archive/pseudonyms.ts';
import { DEMO_EXPORT } from '../../src/core/demo/seed-demo.ts';
import { captureLog } from '../support/capture-log.ts';
import { searchArchive, type ArchiveSearchOutcome } from '../../src/core/search/search-archive.ts';
import { importArchive, type ImportedArchive } from '../support/archive-fixtures.ts';
import { CONTRACT_TIME_ZONE, type MakeSearchEngine } from './search-engine.contract.ts';

/**
 * Pseudonymising a person, shared by every engine: once the choice is made
 * (no reindex by hand), search shows « Ancien membre » for them in hits and
 * facets, their @mentions in other people's messages are indexed under the
 * pseudonym, `from:` no longer finds them by name, a message they hid is found
 * by nobody; and each of these is reversible.
 */
const GENERAL = 'C04A2GNRL7Q';
const ELISE = 'U04B1QK7ELS';
const ZOE = 'U04D3ZB9QXE';
/** Words found in no other message of the demo. */
const MENTION_WORD = 'wombat';
const OWN_WORD = 'narval';
const HIDDEN_WORD = 'axolotl';

const seeds = [
  { ts: '1717000000.000100', userId: ZOE, text: `<@${ELISE}> merci pour le ${MENTION_WORD} du colloque`, html: `<p><a class="mention" href="/archive/people/${ELISE}">@Élise</a> merci pour le ${MENTION_WORD} du colloque</p>`, plain: `@Élise merci pour le ${MENTION_WORD} du colloque` },
  { ts: '1717000000.000200', userId: ELISE, text: `Le ${OWN_WORD} arrive demain`, html: `<p>Le ${OWN_WORD} arrive demain</p>`, plain: `Le ${OWN_WORD} arrive demain` },
  { ts: '1717000000.000300', userId: ELISE, text: `Mon ${HIDDEN_WORD} dort`, html: `<p>Mon ${HIDDEN_WORD} dort</p>`, plain: `Mon ${HIDDEN_WORD} dort` },
];

type Ok = Extract<ArchiveSearchOutcome, { status: 'ok' }>;

export function describePseudonymisation(name: string, makeEngine: MakeSearchEngine): void {
  describe(`pseudonymisation in search: ${name}`, () => {
    let archive: ImportedArchive;
    let zoe: Reader;
    let elise: NonNullable<Reader>;
    const { log } = captureLog();

    beforeAll(async () => {
      archive = await importArchive(`pseudonyms-${name}`, DEMO_EXPORT, (database) => makeEngine({ name: 'demo', database, timeZone: CONTRACT_TIME_ZONE }));
      for (const seed of seeds) {
        await archive.database.client.execute({
          sql: `INSERT INTO messages (channel_id, ts, ts_ms, user_id, text, html, plain, source_hash) VALUES (?, ?, ?, ?, ?, ?, ?, 'pseudonym-seed')`,
          args: [GENERAL, seed.ts, Math.round(Number(seed.ts) * 1000), seed.userId, seed.text, seed.html, seed.plain],
        });
        await archive.database.client.execute({ sql: 'INSERT OR REPLACE INTO search_queue (channel_id, ts) VALUES (?, ?)', args: [GENERAL, seed.ts] });
      }
      await archive.engine.sync();
      zoe = (await findMemberByEmail(archive.database.db, 'zoe.bergeron@example.com'))!;
      elise = (await findMemberByEmail(archive.database.db, 'elise.cote@example.org'))!;
    }, 120_000);
    afterAll(async () => {
      await archive?.dispose();
    });

    const deps = () => ({ db: archive.database.db, search: archive.engine, log });
    async function search(q: string, locale?: 'fr' | 'en'): Promise<Ok> {
      const outcome = await searchArchive({ db: archive.database.db, engine: archive.engine, timeZone: CONTRACT_TIME_ZONE, locale }, await readerAccess(archive.database.db, zoe), { q, sort: 'newest', page: 1, allWords: true });
      expect(outcome.status, q).toBe('ok');
      return outcome as Ok;
    }
    const snippetOf = (outcome: Ok) => outcome.hits.map((hit) => hit.snippet.map((part) => part.text).join('')).join('\n');
    const eliseFacet = (outcome: Ok) => outcome.facets.people.find((facet) => facet.value === ELISE);

    it('names the person before anything is chosen', async () => {
      const mention = await search(MENTION_WORD);
      expect(mention.total).toBe(1);
      expect(snippetOf(mention)).toContain('Élise');
      const own = await search(OWN_WORD);
      expect(own.hits.map((hit) => hit.author.name)).toEqual(['Élise']);
      expect(eliseFacet(own)?.label).toBe('Élise');
      expect((await search(`from:elise.cote ${OWN_WORD}`)).total).toBe(1);
    });

    it('pseudonymised: hits, facets, mentions and from: no longer name them, at once', async () => {
      await setNameLevel(deps(), { memberId: elise.id }, ELISE, { level: 'pseudonymised', source: 'member' }, elise.id);
      const mention = await search(MENTION_WORD);
      expect(mention.total).toBe(1);
      expect(snippetOf(mention)).not.toContain('Élise');
      expect(snippetOf(mention)).toContain(INDEXED_PSEUDONYM);
      // Their old name, typed as a word, no longer finds the message that mentioned them.
      expect((await search(`${MENTION_WORD} élise`)).total).toBe(0);
      const own = await search(OWN_WORD);
      expect(own.hits.map((hit) => hit.author.name)).toEqual([PSEUDONYM.fr]);
      expect(eliseFacet(own)?.label).toBe(PSEUDONYM.fr);
      const byName = await searchArchive({ db: archive.database.db, engine: archive.engine, timeZone: CONTRACT_TIME_ZONE }, await readerAccess(archive.database.db, zoe), { q: `from:elise.cote ${OWN_WORD}`, sort: 'newest', page: 1, allWords: true });
      expect(byName.status === 'ok' ? byName.total : 0).toBe(0);
      expect(byName.notes).toContainEqual({ text: 'from:elise.cote', reason: 'unknown-person' });
    });

    it('pseudonymised, read in English: « Former member » in hits, facets and mentions, found by the same words', async () => {
      const mention = await search(MENTION_WORD, 'en');
      expect(snippetOf(mention)).toContain(PSEUDONYM.en);
      expect(snippetOf(mention)).not.toContain(INDEXED_PSEUDONYM);
      expect(snippetOf(mention)).not.toContain('Élise');
      // A highlighted word inside the indexed wording: the reader still gets their language's.
      const highlighted = await search(`${MENTION_WORD} membre`, 'en');
      expect(highlighted.total).toBe(1);
      expect(snippetOf(highlighted)).toContain(PSEUDONYM.en);
      expect(snippetOf(highlighted)).not.toContain(INDEXED_PSEUDONYM);
      const own = await search(OWN_WORD, 'en');
      expect(own.hits.map((hit) => hit.author.name)).toEqual([PSEUDONYM.en]);
      expect(eliseFacet(own)?.label).toBe(PSEUDONYM.en);
    });

    it('a hidden message is found by nobody, its author included, until shown again', async () => {
      expect((await search(HIDDEN_WORD)).total).toBe(1);
      await setMessageHidden(deps(), elise, GENERAL, seeds[2]!.ts, true);
      expect((await search(HIDDEN_WORD)).total).toBe(0);
      await setMessageHidden(deps(), elise, GENERAL, seeds[2]!.ts, false);
      expect((await search(HIDDEN_WORD)).total).toBe(1);
    });

    it('reversed: the name comes back everywhere, at once', async () => {
      await setNameLevel(deps(), { memberId: elise.id }, ELISE, { level: null, source: 'member' }, elise.id);
      const mention = await search(MENTION_WORD);
      expect(snippetOf(mention)).toContain('Élise');
      expect(snippetOf(mention)).not.toContain(INDEXED_PSEUDONYM);
      const own = await search(OWN_WORD);
      expect(own.hits.map((hit) => hit.author.name)).toEqual(['Élise']);
      expect((await search(`from:elise.cote ${OWN_WORD}`)).total).toBe(1);
    });
  });
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyConsentChanges } from '../../src/core/accounts/consent-effects.ts';
import { recordConsents } from '../../src/core/accounts/consents.ts';
import { findMemberByEmail, type Member } from '../../src/core/accounts/members.ts';
import { readerAccess } from '../../src/core/archive/access.ts';
import { readChannelPage } from '../../src/core/archive/channel-page.ts';
import { readPersonPage } from '../../src/core/archive/person-page.ts';
import { searchArchive } from '../../src/core/search/search-archive.ts';
import { importSlackExport } from '../../src/core/slack-import/import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../src/core/slack-import/source/limits.ts';
import { importArchive, type ImportedArchive } from '../support/archive-fixtures.ts';
import { captureLog } from '../support/capture-log.ts';
import { embeddedEngineOn } from '../support/search-engines.ts';

/**
 * What a member's choices change where others read: the demo export, imported
 * and indexed as the server does, read through the functions the archive and
 * search pages call. Élise (U04B1QK7ELS, shown as « Élise ») alone wrote « instance Mattermost hébergée » in #general.
 */
const ELISE = 'U04B1QK7ELS';
const EXPORT = 'demo/slack-export';
const PHRASE = '"instance Mattermost hébergée"';
const TIME_ZONE = 'America/Toronto';
let archive: ImportedArchive;
let elise: Member;
let reader: Member;

beforeAll(async () => {
  archive = await importArchive('consents', EXPORT, async (database) => embeddedEngineOn(database, TIME_ZONE));
  elise = (await findMemberByEmail(archive.database.db, 'elise.cote@example.org'))!;
  reader = (await findMemberByEmail(archive.database.db, 'mathieu.leblanc@example.org'))!;
  expect(elise.slackPersonId).toBe(ELISE);
}, 120_000);
afterAll(() => archive?.dispose());

async function search(q: string) {
  const db = archive.database.db;
  const outcome = await searchArchive({ db, engine: archive.engine, timeZone: TIME_ZONE }, await readerAccess(db, reader), { q, sort: 'newest', page: 1, allWords: true });
  if (outcome.status !== 'ok') throw new Error(`search ${outcome.status}`);
  return outcome;
}

async function choose(choices: Parameters<typeof recordConsents>[2]) {
  const db = archive.database.db;
  const changed = await recordConsents(db, elise.id, choices, 'account');
  await applyConsentChanges({ db, search: archive.engine, log: captureLog().log }, elise, changed);
}

async function eliseAuthorNamesInGeneral(): Promise<Set<string>> {
  const page = await readChannelPage(archive.database.db, 'C04A2GNRL7Q', { from: 'oldest' }, 500);
  return new Set(page.messages.filter((message) => message.author.id === ELISE).map((message) => message.author.name));
}

describe('a member’s choices, where other members read', () => {
  it('before any answer: her name and her messages, as in Slack', async () => {
    expect((await search(PHRASE)).hits.map((hit) => hit.author.id)).toEqual([ELISE]);
    expect(await eliseAuthorNamesInGeneral()).toEqual(new Set(['Élise']));
    expect((await search('during:2025')).facets.people.some((facet) => facet.value === ELISE)).toBe(true);
  });

  it('declining search takes her messages out of the index (and its counts), opting back in returns them', async () => {
    await choose({ 'include-in-search': false, 'show-name': true });
    const without = await search(PHRASE);
    expect(without.hits).toEqual([]);
    const everything = await search('during:2025');
    expect(everything.hits.some((hit) => hit.author.id === ELISE)).toBe(false);
    expect(everything.facets.people.some((facet) => facet.value === ELISE)).toBe(false);
    // Still readable in her channels: search only stops finding them.
    expect((await eliseAuthorNamesInGeneral()).size).toBe(1);

    await choose({ 'include-in-search': true });
    expect((await search(PHRASE)).hits.map((hit) => hit.author.id)).toEqual([ELISE]);
  });

  it('a later import does not bring a declined member’s messages back into search', async () => {
    await choose({ 'include-in-search': false });
    // A newer export in which she edited that message: the import writes (and indexes) it again.
    const newer = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-newer-export-'));
    fs.cpSync(EXPORT, newer, { recursive: true });
    const day = path.join(newer, 'general', '2025-05-06.json');
    fs.writeFileSync(day, fs.readFileSync(day, 'utf8').replace('partenaire universitaire', 'partenaire universitaire ouvert'));
    const summary = await importSlackExport(archive.database, newer, { limits: DEFAULT_IMPORT_LIMITS, includeDms: true, search: archive.engine });
    fs.rmSync(newer, { recursive: true, force: true });
    expect(summary.search.error).toBeNull();
    expect(summary.messages.written).toBeGreaterThan(0);
    expect((await search(PHRASE)).hits).toEqual([]);
    await choose({ 'include-in-search': true });
  }, 60_000);

  it('declining her name shows her initials on her messages, her person page and search results, and her name no longer finds her', async () => {
    await choose({ 'show-name': false });
    expect(await eliseAuthorNamesInGeneral()).toEqual(new Set(['É']));
    const person = await readPersonPage(archive.database.db, ELISE, (await readerAccess(archive.database.db, reader)).readable, null);
    expect(person.person).toMatchObject({ displayName: 'É', realName: null, handle: null, title: null });
    expect((await search(PHRASE)).hits.map((hit) => hit.author.name)).toEqual(['É']);
    const byName = await search(`from:elise.cote ${PHRASE}`);
    expect(byName.hits).toEqual([]);
    expect(byName.notes.map((note) => note.reason)).toContain('unknown-person');

    await choose({ 'show-name': true });
    expect(await eliseAuthorNamesInGeneral()).toEqual(new Set(['Élise']));
  });
});

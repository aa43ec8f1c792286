import fs from 'node:fs';
import Libsql from 'libsql';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMembersFromSlack } from '../core/accounts/import-members.ts';
import { findMemberByEmail, markSignedIn, setMemberTimeZone } from '../core/accounts/members.ts';
import type { Member } from '../core/accounts/sessions.ts';
import { readerAccess } from '../core/archive/access.ts';
import { setMessageHidden } from '../core/archive/name-levels.ts';
import { openDatabase, type Database } from '../core/db/client.ts';
import { migrateDatabase } from '../core/db/migrate.ts';
import { DEMO_EXPORT } from '../core/demo/seed-demo.ts';
import { importSlackExport } from '../core/slack-import/import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from '../core/slack-import/source/limits.ts';
import { captureLog } from '../../tests/support/capture-log.ts';
import { archivePageTag, notModified, tagResponse, type ArchiveRequest } from './archive-cache.ts';

let database: Database;
let dir: string;
let zoe: Member;
let elise: Member;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-archive-cache-'));
  database = await openDatabase(dir);
  await migrateDatabase(database.db);
  await importSlackExport(database, DEMO_EXPORT, { limits: DEFAULT_IMPORT_LIMITS, includeDms: true });
  await addMembersFromSlack(database.db, 'cli');
  zoe = (await findMemberByEmail(database.db, 'zoe.bergeron@example.com'))!;
  elise = (await findMemberByEmail(database.db, 'elise.cote@example.org'))!;
  // An import on a machine others share: not a measure of anything.
}, 60_000);
afterAll(() => {
  database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function request(member: Member | null, address: string, ifNoneMatch?: string): ArchiveRequest {
  const headers = new Headers(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {});
  return { method: 'GET', url: new URL(address, 'https://portal.example'), headers, member, locale: 'fr', timeZone: 'America/Toronto' };
}

/** What the middleware does with a request: 304 when the reader holds the page, else the page, tagged. */
async function serve(member: Member | null, address: string, ifNoneMatch?: string): Promise<Response> {
  const req = request(member, address, ifNoneMatch);
  const tag = (await archivePageTag(database, req))?.tag ?? null;
  const unchanged = notModified(tag, req);
  if (unchanged) return unchanged;
  const page = new Response('<p>page</p>', { status: 200 });
  tagResponse(tag, page);
  return page;
}

describe('conditional archive reads', () => {
  it('answers 304 to a repeat view, privately cached and revalidated', async () => {
    const first = await serve(zoe, '/fr/archive');
    expect(first.status).toBe(200);
    const tag = first.headers.get('etag')!;
    expect(tag).toMatch(/^".+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const again = await serve(zoe, '/fr/archive', tag);
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(tag);
    expect((await serve(zoe, '/fr/archive', `W/${tag}, "other"`)).status).toBe(304);
  });

  it('tags each address apart, and leaves other pages alone', async () => {
    const tag = (await serve(zoe, '/fr/archive')).headers.get('etag')!;
    expect((await serve(zoe, '/fr/archive?page=2', tag)).status).toBe(200);
    expect((await serve(zoe, '/en/archive', tag)).status).toBe(200);
    expect(await archivePageTag(database, request(zoe, '/fr/compte'))).toBeNull();
    expect(await archivePageTag(database, { ...request(zoe, '/fr/archive'), method: 'POST' })).toBeNull();
    expect(await archivePageTag(database, request(zoe, '/api/search?q=x'))).not.toBeNull();
  });

  it('hands the page the access its tag was computed with, the reader’s own', async () => {
    const eliseTagged = (await archivePageTag(database, request(elise, '/fr/archive')))!;
    expect(eliseTagged.access).toEqual(await readerAccess(database.db, elise));
    const visitorTagged = (await archivePageTag(database, request(null, '/fr/archive')))!;
    expect(visitorTagged.access).toEqual(await readerAccess(database.db, null));
    expect(visitorTagged.access.reader).toBeNull();
    // Élise reads more than a visitor: the access handed down is not a shared one.
    expect(eliseTagged.access.readable.size).toBeGreaterThan(visitorTagged.access.readable.size);
  });

  it('never lets one reader revalidate another reader’s page', async () => {
    // Élise reads a private channel Zoé does not: their directories differ, and so must their tags.
    const elisePage = await serve(elise, '/fr/archive');
    const tag = elisePage.headers.get('etag')!;
    expect((await serve(zoe, '/fr/archive', tag)).status).toBe(200);
    expect((await serve(null, '/fr/archive', tag)).status).toBe(200);
    // Even the same readable set: the tag names its reader.
    const twin = { ...elise, id: 'someone-else' };
    expect((await serve(twin, '/fr/archive', tag)).status).toBe(200);
    expect((await serve(elise, '/fr/archive', tag)).status).toBe(304);
  });

  it('changes every tag after an import', async () => {
    const tag = (await serve(zoe, '/fr/archive')).headers.get('etag')!;
    await importSlackExport(database, DEMO_EXPORT, { limits: DEFAULT_IMPORT_LIMITS, includeDms: true });
    expect((await serve(zoe, '/fr/archive', tag)).status).toBe(200);
  });

  it('keeps every tag through a sign-in, whose stamps no page shows, and moves them when a member changes', async () => {
    const invited = { ...elise, status: 'invited' as const };
    const beforeFirst = (await serve(zoe, '/fr/archive')).headers.get('etag')!;
    // A first sign-in makes an invited member active: that may change what pages show.
    await markSignedIn(database.db, invited);
    expect((await serve(zoe, '/fr/archive', beforeFirst)).status).toBe(200);
    const tag = (await serve(zoe, '/fr/archive')).headers.get('etag')!;
    await markSignedIn(database.db, { ...elise, status: 'active' });
    expect((await serve(zoe, '/fr/archive', tag)).status).toBe(304);
    await setMemberTimeZone(database.db, elise.id, 'Europe/Paris');
    expect((await serve(zoe, '/fr/archive', tag)).status).toBe(200);
  });

  it('changes the tag when an author hides a message, and again when it shows again', async () => {
    const row = (
      await database.client.execute({ sql: 'SELECT channel_id, ts FROM messages WHERE user_id = ? LIMIT 1', args: [elise.slackPersonId!] })
    ).rows[0]!;
    const address = `/fr/archive/${String(row.channel_id)}`;
    const deps = { db: database.db, search: null, log: captureLog().log };
    const before = (await serve(zoe, address)).headers.get('etag')!;
    await setMessageHidden(deps, elise, String(row.channel_id), String(row.ts), true);
    const hidden = await serve(zoe, address, before);
    expect(hidden.status).toBe(200);
    const hiddenTag = hidden.headers.get('etag')!;
    await setMessageHidden(deps, elise, String(row.channel_id), String(row.ts), false);
    expect((await serve(zoe, address, hiddenTag)).status).toBe(200);
  });

  it('never tags a refusal, an unavailable search or a page asking not to be kept', () => {
    expect(tagResponse('"t"', new Response('', { status: 503 }))).toBe(false);
    expect(tagResponse('"t"', new Response('', { status: 404 }))).toBe(false);
    expect(tagResponse('"t"', new Response('', { status: 200, headers: { 'cache-control': 'no-store' } }))).toBe(false);
    expect(tagResponse(null, new Response('', { status: 200 }))).toBe(false);
  });
});

describe('during an import', () => {
  it('moves the content version with every commit that adds messages, so a page tagged mid-import is never answered 304 after', async () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-archive-cache-import-'));
    const store = await openDatabase(fresh);
    // Read as a server process would, beside the import's own connection, at each commit the import reports.
    const reader = new Libsql(store.file);
    const version = () => Number((reader.prepare('SELECT version FROM content_version WHERE id = 1').raw().get() as [number])[0]);
    try {
      await migrateDatabase(store.db);
      const seen: { messages: number; version: number }[] = [];
      await importSlackExport(store, DEMO_EXPORT, {
        limits: DEFAULT_IMPORT_LIMITS,
        includeDms: true,
        onProgress: (progress) => seen.push({ messages: progress.messages, version: version() }),
      });
      const commits = seen.filter((point, i) => i > 0 && point.messages > seen[i - 1]!.messages);
      // Several commits, or the test would say nothing about the middle of an import.
      expect(commits.length).toBeGreaterThan(1);
      for (let i = 1; i < seen.length; i++) {
        if (seen[i]!.messages > seen[i - 1]!.messages) expect(seen[i]!.version).toBeGreaterThan(seen[i - 1]!.version);
      }
      // And the end of the import moves it once more: whatever was tagged during the import is stale now.
      expect(version()).toBeGreaterThan(seen.at(-1)!.version);
    } finally {
      reader.close();
      store.close();
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  }, 60_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMembersFromSlack } from '../accounts/import-members.ts';
import { findMemberByEmail } from '../accounts/members.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { DEMO_EXPORT } from '../demo/seed-demo.ts';
import { importSlackExport } from '../slack-import/import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from '../slack-import/source/limits.ts';
import { canReadChannel, readableChannelIds, readerAccess, type Reader } from './access.ts';
import { updateChannelSettings } from './channel-settings.ts';
import { readPersonPage } from './person-page.ts';

const ETHICS = 'C04H2CET7WP';
const GENERAL = 'C04A2GNRL7Q';
const DM = 'D04EFR2K9ZA'; // Élise and François
let database: Database;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-access-'));
  database = await openDatabase(dir);
  await migrateDatabase(database.db);
  await importSlackExport(database, DEMO_EXPORT, { limits: DEFAULT_IMPORT_LIMITS, includeDms: true });
  await addMembersFromSlack(database.db, 'cli');
  // Importing the whole demo takes longer than a hook's default on a shared machine.
}, 120_000);
afterAll(() => {
  database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function reader(email: string): Promise<Reader> {
  return (await findMemberByEmail(database.db, email))!;
}

describe('the archive access policy', () => {
  it('gives visitors nothing but channels an administrator opened', async () => {
    expect([...(await readableChannelIds(database.db, null))]).toEqual([]);
    await updateChannelSettings(database.db, 'cli', GENERAL, { visibility: 'open', mattermostName: null });
    expect([...(await readableChannelIds(database.db, null))]).toEqual([GENERAL]);
    await updateChannelSettings(database.db, 'cli', GENERAL, { visibility: 'members', mattermostName: null });
  });

  it('gives members the public channels, and private ones and DMs only to their participants', async () => {
    const zoe = await readableChannelIds(database.db, await reader('zoe.bergeron@example.com'));
    const elise = await readableChannelIds(database.db, await reader('elise.cote@example.org'));
    expect(zoe.has(GENERAL)).toBe(true);
    expect(zoe.has(ETHICS)).toBe(false);
    expect(zoe.has(DM)).toBe(false);
    expect(elise.has(ETHICS)).toBe(true);
    expect(elise.has(DM)).toBe(true);
    // A folder no list mentions is private with no members: nobody reads it until an administrator decides.
    const unlisted = (await database.client.execute("SELECT id FROM channels WHERE name = 'projet-pilote'")).rows[0]!.id as string;
    expect(elise.has(unlisted)).toBe(false);
  });

  it('never opens a private channel or a direct message to others, even at an administrator\'s request', async () => {
    await expect(updateChannelSettings(database.db, 'cli', ETHICS, { visibility: 'open', mattermostName: null })).rejects.toThrow('only public channels');
    await database.client.execute(`UPDATE channels SET visibility = 'open' WHERE id = '${DM}'`);
    expect((await readableChannelIds(database.db, null)).has(DM)).toBe(false);
    expect((await readableChannelIds(database.db, await reader('zoe.bergeron@example.com'))).has(DM)).toBe(false);
    await database.client.execute(`UPDATE channels SET visibility = 'members' WHERE id = '${DM}'`);
  });

  it('hides a hidden channel from everyone, administrators included', async () => {
    await updateChannelSettings(database.db, 'cli', GENERAL, { visibility: 'hidden', mattermostName: null });
    const admin = { id: 'x', slackPersonId: 'U04B1QK7ELS', role: 'admin' as const };
    expect((await readableChannelIds(database.db, admin)).has(GENERAL)).toBe(false);
    await updateChannelSettings(database.db, 'cli', GENERAL, { visibility: 'members', mattermostName: null });
  });

  it('answers the same for one channel (canReadChannel) and per request (readerAccess) as the full list', async () => {
    const zoe = await reader('zoe.bergeron@example.com');
    expect(await canReadChannel(database.db, zoe, GENERAL)).toBe(true);
    expect(await canReadChannel(database.db, zoe, ETHICS)).toBe(false);
    expect(await canReadChannel(database.db, null, GENERAL)).toBe(false);
    expect(await canReadChannel(database.db, zoe, 'C-no-such-channel')).toBe(false);
    const access = await readerAccess(database.db, zoe);
    expect(access.reader).toBe(zoe);
    expect([...access.readable].sort()).toEqual([...(await readableChannelIds(database.db, zoe))].sort());
    expect(access.readable.has(GENERAL)).toBe(true);
    expect((await readerAccess(database.db, null)).readable.size).toBe(0);
  });

  it("keeps a private channel's messages off the person pages of those outside it", async () => {
    const zoe = await readableChannelIds(database.db, await reader('zoe.bergeron@example.com'));
    const page = await readPersonPage(database.db, 'U04B1QK7ELS', zoe, null, 1000);
    expect(page.messages.length).toBeGreaterThan(0);
    expect(page.messages.some((message) => message.channelId === ETHICS || message.html.includes('ornithorynque'))).toBe(false);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMembersFromSlack } from '../../core/accounts/import-members.ts';
import { findMemberByEmail } from '../../core/accounts/members.ts';
import type { Reader } from '../../core/archive/access.ts';
import { openDatabase, type Database } from '../../core/db/client.ts';
import { migrateDatabase } from '../../core/db/migrate.ts';
import { DEMO_EXPORT } from '../../core/demo/seed-demo.ts';
import { LOCALES } from '../../core/i18n/index.ts';
import { importSlackExport } from '../../core/slack-import/import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../core/slack-import/source/limits.ts';
import { permalinkPath } from './permalink.ts';

// Demo export: #comite-ethique is private (Élise, François, Mathieu, Claire); #donnees-partage is public.
const ETHICS = 'C04H2CET7WP';
const ETHICS_THREAD = '1704898848.212251';
const ETHICS_REPLY = '1705068955.495678'; // Élise's reply in that thread
const DATA_SHARING = 'C04C7DPRT2M';
const OMOP_THREAD = '1708442158.813750';
const OMOP_REPLY = '1708525830.858656';
const UNKNOWN = '1705068955.000001'; // no message has this ts

let database: Database;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-permalink-'));
  database = await openDatabase(dir);
  await migrateDatabase(database.db);
  await importSlackExport(database, DEMO_EXPORT, { limits: DEFAULT_IMPORT_LIMITS, includeDms: false });
  await addMembersFromSlack(database.db, 'cli');
});
afterAll(() => {
  database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function member(email: string): Promise<Reader> {
  return (await findMemberByEmail(database.db, email))!;
}

/** The redirect target in every language, with the asked-for ts written as {ts}: what the answer says beyond the address asked. */
async function answer(reader: Reader, channelId: string, ts: string): Promise<string[]> {
  const target = await permalinkPath(database.db, reader, channelId, ts);
  return LOCALES.map((locale) => target(locale).replaceAll(ts, '{ts}'));
}

describe("a reply's permalink", () => {
  it('opens the thread for a member of the private channel', async () => {
    const target = await permalinkPath(database.db, await member('elise.cote@example.org'), ETHICS, ETHICS_REPLY);
    expect(target('fr')).toBe(`/fr/archive/${ETHICS}/thread/${ETHICS_THREAD}?at=${ETHICS_REPLY}#m-${ETHICS_REPLY}`);
    expect(target('en')).toBe(`/en/archive/${ETHICS}/thread/${ETHICS_THREAD}?at=${ETHICS_REPLY}#m-${ETHICS_REPLY}`);
  });

  it('answers a member outside the private channel exactly as for a message that does not exist', async () => {
    const zoe = await member('zoe.bergeron@example.com');
    const reply = await answer(zoe, ETHICS, ETHICS_REPLY);
    expect(reply).toEqual(await answer(zoe, ETHICS, UNKNOWN));
    expect(reply).toEqual([`/fr/archive/${ETHICS}?at={ts}#m-{ts}`, `/en/archive/${ETHICS}?at={ts}#m-{ts}`]);
    // The thread's root is the secret a reply's location would give away.
    expect(reply.join(' ')).not.toContain(ETHICS_THREAD);
  });

  it('answers a visitor exactly as for a message that does not exist', async () => {
    expect(await answer(null, ETHICS, ETHICS_REPLY)).toEqual(await answer(null, ETHICS, UNKNOWN));
  });

  it('opens the thread of a public channel for any member, the one outside the private channel included', async () => {
    const target = await permalinkPath(database.db, await member('zoe.bergeron@example.com'), DATA_SHARING, OMOP_REPLY);
    expect(target('fr')).toBe(`/fr/archive/${DATA_SHARING}/thread/${OMOP_THREAD}?at=${OMOP_REPLY}#m-${OMOP_REPLY}`);
  });

  it('opens a thread root in its channel', async () => {
    const target = await permalinkPath(database.db, await member('elise.cote@example.org'), ETHICS, ETHICS_THREAD);
    expect(target('fr')).toBe(`/fr/archive/${ETHICS}?at=${ETHICS_THREAD}#m-${ETHICS_THREAD}`);
  });
});

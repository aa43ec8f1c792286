import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memorySource } from '../../../../tests/support/memory-source.ts';
import { hashArchive } from '../../../../tests/support/archive-hash.ts';
import type { Database } from '../../db/client.ts';
import { openTempDatabase } from '../../../../tests/support/temp-database.ts';
import { DEMO_EXPORT } from '../../demo/seed-demo.ts';
import { importSlackExport } from '../import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from '../source/limits.ts';
import { openExportSource } from '../source/open-export-source.ts';
import type { DirectoryBatch, DirectoryBatchSize } from './directory-batch.ts';
import { readExportLayout, type Conversation } from './layout.ts';
import { readDirectory } from './read-directory.ts';
import { writeDirectoryBatch } from './write-directory.ts';

const opened: (Database & { dispose(): void })[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-directory-'));
  dirs.push(dir);
  return dir;
}

async function freshStore(): Promise<Database> {
  const database = await openTempDatabase();
  opened.push(database);
  return database;
}

afterEach(() => {
  for (const database of opened.splice(0)) database.dispose();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const person = (n: number, name = `Personne ${n}`) => ({ id: `U${n}`, name: `p${n}`, profile: { real_name: name, display_name: '' } });
const channel = (n: number, members: number[]) => ({ id: `C${n}`, name: `canal-${n}`, created: 1600000000 + n, members: members.map((m) => `U${m}`) });

const TINY: DirectoryBatchSize = { people: 2, channels: 2, members: 5 };

async function batchesOf(files: Record<string, unknown>, size: DirectoryBatchSize): Promise<{ batches: DirectoryBatch[]; wanted: Conversation[] }> {
  const source = memorySource(files);
  const layout = await readExportLayout(source);
  const batches: DirectoryBatch[] = [];
  await readDirectory(source, layout, layout.conversations, async (batch) => void batches.push(batch), size);
  return { batches, wanted: layout.conversations };
}

describe('the directory, written in bounded batches', () => {
  const files = {
    // U3 twice, differently: the first is kept, at the edge of the second batch of two.
    'users.json': [person(1), person(2), person(3), person(3, 'Autre'), person(4), person(5)],
    'org_users.json': [person(5), person(6)],
    'channels.json': [channel(1, [1, 2]), channel(2, [1, 2, 3, 4]), channel(3, [5]), channel(4, [1, 2, 3, 4, 5, 6])],
    'groups.json': [channel(1, [6]), channel(5, [2, 3])],
    'canal-1/2024-01-01.json': [],
    'hors-liste/2024-01-01.json': [],
  };

  it('holds no more than a batch, and gives each person and conversation once, the first record of an id', async () => {
    const { batches, wanted } = await batchesOf(files, TINY);
    for (const batch of batches) {
      expect(batch.people.length).toBeLessThanOrEqual(TINY.people);
      expect(batch.channels.length).toBeLessThanOrEqual(TINY.channels);
    }
    expect(batches.length).toBeGreaterThan(4);
    const people = batches.flatMap((batch) => batch.people);
    expect(people.map((row) => row.id)).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U6']);
    expect(people.find((row) => row.id === 'U3')?.realName).toBe('Personne 3');
    const channels = batches.flatMap((batch) => batch.channels);
    expect(channels.map((row) => row.id).sort()).toEqual(wanted.map((c) => c.id).sort());
    // C1 of channels.json, not the groups.json record of the same id; the unlisted folder comes last, without members.
    expect(channels.find((row) => row.id === 'C1')).toMatchObject({ kind: 'public', createdAt: 1600000001000 });
    expect(channels.at(-1)).toMatchObject({ name: 'hors-liste', listed: false });
  });

  it('keeps each conversation and all its members in one batch, even one with more members than a batch holds', async () => {
    const { batches } = await batchesOf(files, TINY);
    const members = new Map<string, string[]>();
    for (const batch of batches) {
      const ids = new Set(batch.channels.map((row) => row.id));
      for (const row of batch.members) {
        expect(ids.has(row.channelId)).toBe(true);
        members.set(row.channelId, [...(members.get(row.channelId) ?? []), row.personId]);
      }
    }
    expect(Object.fromEntries(members)).toEqual({
      C1: ['U1', 'U2'],
      C2: ['U1', 'U2', 'U3', 'U4'],
      C3: ['U5'],
      C4: ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'],
      C5: ['U2', 'U3'],
    });
  });

  it('gives the same rows in small batches as in one', async () => {
    const small = await batchesOf(files, TINY);
    const one = await batchesOf(files, { people: 1000, channels: 1000, members: 1000 });
    expect(one.batches).toHaveLength(1);
    const rows = (batches: DirectoryBatch[]) => ({
      people: batches.flatMap((b) => b.people),
      channels: batches.flatMap((b) => b.channels).sort((a, b) => a.id.localeCompare(b.id)),
      members: batches.flatMap((b) => b.members),
    });
    expect(rows(small.batches)).toEqual(rows(one.batches));
  });

  it('imports the same archive in small batches as in one', async () => {
    const small = await freshStore();
    const whole = await freshStore();
    await importSlackExport(small, DEMO_EXPORT, { limits: DEFAULT_IMPORT_LIMITS, includeDms: true, directoryBatch: { people: 5, channels: 3, members: 8 } });
    await importSlackExport(whole, DEMO_EXPORT, { limits: DEFAULT_IMPORT_LIMITS, includeDms: true });
    expect(await hashArchive(small.client)).toBe(await hashArchive(whole.client));
  }, 60_000);
});

describe('a kill between two batches of the directory', () => {
  /** The demo's lists and one day: the directory is what this test is about. */
  function demoLists(): string {
    const target = path.join(tempDir(), 'export');
    fs.mkdirSync(path.join(target, 'general'), { recursive: true });
    for (const file of ['users.json', 'channels.json', 'groups.json']) fs.copyFileSync(path.join(DEMO_EXPORT, file), path.join(target, file));
    const day = fs.readdirSync(path.join(DEMO_EXPORT, 'general')).sort()[0]!;
    fs.copyFileSync(path.join(DEMO_EXPORT, 'general', day), path.join(target, 'general', day));
    return target;
  }

  /** The same with its people renamed and its channels' members changed: what a newer export brings. */
  function newerDemo(): string {
    const target = path.join(tempDir(), 'newer');
    fs.cpSync(demoLists(), target, { recursive: true });
    const edit = (file: string, change: (record: Record<string, unknown>, index: number) => void) => {
      const records = JSON.parse(fs.readFileSync(path.join(target, file), 'utf8')) as Record<string, unknown>[];
      records.forEach(change);
      fs.writeFileSync(path.join(target, file), JSON.stringify(records));
    };
    edit('users.json', (user, index) => void ((user.profile as Record<string, unknown>).real_name = `Nouveau nom ${index}`));
    edit('channels.json', (record) => void (record.members = (record.members as string[]).slice(1)));
    edit('groups.json', (record) => void (record.members = (record.members as string[]).slice(0, 1)));
    return target;
  }

  const SMALL: DirectoryBatchSize = { people: 5, channels: 3, members: 8 };
  const options = { limits: DEFAULT_IMPORT_LIMITS, includeDms: false, directoryBatch: SMALL };

  it('leaves a store that the next import brings to what one uninterrupted import gives', async () => {
    const older = demoLists();
    const newer = newerDemo();
    const uninterrupted = await freshStore();
    await importSlackExport(uninterrupted, older, options);
    await importSlackExport(uninterrupted, newer, options);
    const expected = await hashArchive(uninterrupted.client);

    const source = await openExportSource(newer, DEFAULT_IMPORT_LIMITS);
    const layout = await readExportLayout(source);
    const wanted = layout.conversations.filter((c) => c.kind === 'public' || c.kind === 'private');
    let total = 0;
    await readDirectory(source, layout, wanted, async () => void total++, SMALL);
    expect(total).toBeGreaterThan(3);

    // After the first batch (people only), in the middle, and before the last (conversations).
    for (const committed of new Set([1, Math.floor(total / 2), total - 1])) {
      const store = await freshStore();
      await importSlackExport(store, older, options);
      const before = await hashArchive(store.client);
      // The batches a kill after `committed` of them leaves behind, each in its own transaction.
      let written = 0;
      const killed = new Error('killed');
      await expect(
        readDirectory(source, layout, wanted, async (batch) => {
          if (written === committed) throw killed;
          await writeDirectoryBatch(store.db, batch);
          written += 1;
        }, SMALL),
      ).rejects.toBe(killed);
      const partial = await hashArchive(store.client);
      expect(partial, `after ${committed} batches the store is part old, part new`).not.toBe(before);
      await importSlackExport(store, newer, options);
      expect(await hashArchive(store.client), `resumed after ${committed} of ${total} batches`).toBe(expected);
    }
    await source.close();
  }, 120_000);
});

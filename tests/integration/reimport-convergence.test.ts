import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_EXPORT } from '../../src/core/demo/seed-demo.ts';
import { importSlackExport } from '../../src/core/slack-import/import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../src/core/slack-import/source/limits.ts';
import { hashArchive } from '../support/archive-hash.ts';
import { openTempDatabase } from '../support/temp-database.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** The demo export copied, then damaged by `damage`. */
function damagedCopy(damage: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-damaged-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(DEMO_EXPORT, dir, { recursive: true });
  damage(dir);
  return dir;
}

async function store() {
  const database = await openTempDatabase();
  cleanups.push(() => database.dispose());
  return database;
}

const importInto = (database: Awaited<ReturnType<typeof store>>, location: string) =>
  importSlackExport(database, location, { limits: DEFAULT_IMPORT_LIMITS, includeDms: false });

/** A fresh import of the clean export, and a store that took the damaged one first, then the clean one. */
async function convergence(damaged: string): Promise<{ fresh: string; again: string; notes: string[] }> {
  const fresh = await store();
  await importInto(fresh, DEMO_EXPORT);
  const reused = await store();
  await importInto(reused, damaged);
  const summary = await importInto(reused, DEMO_EXPORT);
  return { fresh: await hashArchive(fresh.client), again: await hashArchive(reused.client), notes: summary.skipped.map(({ reason }) => reason) };
}

describe('importing the clean export after an accepted damaged one', () => {
  it('ends as a fresh import when the damaged one had no channels.json (no hidden copies, no doubled messages)', async () => {
    const damaged = damagedCopy((dir) => fs.rmSync(path.join(dir, 'channels.json')));
    const { fresh, again, notes } = await convergence(damaged);
    expect(again).toBe(fresh);
    expect(notes.some((note) => note.includes('imported earlier as an unlisted conversation'))).toBe(true);
  }, 600_000);

  it('ends as a fresh import when the damaged one gave two channels one id (no messages left in the wrong channel)', async () => {
    const damaged = damagedCopy((dir) => {
      const file = path.join(dir, 'channels.json');
      const channels = JSON.parse(fs.readFileSync(file, 'utf8')) as { id: string }[];
      // The second channel listed first under the first one's id: its folder's messages go under that id.
      const [first, second, ...rest] = channels;
      fs.writeFileSync(file, JSON.stringify([{ ...second!, id: first!.id }, first, ...rest]));
    });
    const { fresh, again, notes } = await convergence(damaged);
    expect(again).toBe(fresh);
    expect(notes.some((note) => note.includes('was imported earlier from the folder'))).toBe(true);
  }, 600_000);
});

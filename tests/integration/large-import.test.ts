import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { writeLargeExport } from '../../bench/large-export.ts';
import { importSlackExport } from '../../src/core/slack-import/import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../src/core/slack-import/source/limits.ts';
import { openTempDatabase } from '../support/temp-database.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-large-'));
  dirs.push(dir);
  return dir;
}

/** Well past what a whole-file parse fits in a map worker's heap (about 16–20 MiB), well under what a test should write. */
const LARGE = 24 * 1024 ** 2;

describe('files larger than a worker can hold whole', () => {
  it('imports a 24 MiB day file through map workers whose heap is limited as in production', async () => {
    const dir = tempDir();
    const counts = await writeLargeExport(dir, { dayFileBytes: LARGE, usersBytes: 64 * 1024, channelsBytes: 1 });
    const database = await openTempDatabase();
    try {
      const summary = await importSlackExport(database, dir, { limits: DEFAULT_IMPORT_LIMITS, includeDms: false });
      expect(summary.dayFiles).toEqual({ imported: 1, unchanged: 0, failed: 0 });
      expect(summary.messages.written).toBe(counts.messages);
      const { rows } = await database.client.execute('SELECT count(*) AS n FROM messages');
      expect(Number(rows[0]!.n)).toBe(counts.messages);
      // Imported again: recorded as imported once the last part was written, so nothing is read twice.
      const again = await importSlackExport(database, dir, { limits: DEFAULT_IMPORT_LIMITS, includeDms: false });
      expect(again.dayFiles).toEqual({ imported: 0, unchanged: 1, failed: 0 });
    } finally {
      database.dispose();
    }
  }, 600_000);

  // Heaps the whole-file parse ran out of (checked against it); channels keep more of each record than people.
  it.each([
    ['users.json', 40],
    ['channels.json', 64],
  ])('reads a 24 MiB %s on a thread whose heap (%i MiB) is smaller than the file parsed whole', async (list, heapMb) => {
    const dir = tempDir();
    const counts = await writeLargeExport(dir, { dayFileBytes: 0, usersBytes: list === 'users.json' ? LARGE : 1, channelsBytes: list === 'channels.json' ? LARGE : 1 });
    const worker = new Worker(new URL('../support/read-layout-worker.ts', import.meta.url), {
      workerData: dir,
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 8 },
    });
    const result = await new Promise<{ users: number; conversations: number; skipped: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(result).toEqual({ users: counts.people, conversations: counts.channels, skipped: 0 });
  }, 600_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isDatabaseReadable, openDatabase } from './client.ts';
import { migrateDatabase } from './migrate.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-db-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('database', () => {
  it('is created in WAL mode under the data directory and migrated idempotently', async () => {
    const dir = tempDir();
    const database = await openDatabase(dir);
    await migrateDatabase(database.db);
    await migrateDatabase(database.db);
    const mode = await database.client.execute('PRAGMA journal_mode');
    expect(mode.rows[0]?.[0]).toBe('wal');
    expect(await isDatabaseReadable(database.client)).toBe(true);
    database.close();
    expect(fs.existsSync(path.join(dir, 'passerelle.sqlite'))).toBe(true);
  });

  it('lets the event loop turn during a long run of queries, not at each query', async () => {
    // libsql answers on the calling thread: without a turn, a timer (or a health check's socket) waits for the whole run.
    const database = await openDatabase(tempDir());
    let queries = 0;
    const seenAt: number[] = [];
    const tick = () => {
      seenAt.push(queries);
      if (performance.now() < until) setImmediate(tick);
    };
    const until = performance.now() + 300;
    setImmediate(tick);
    while (performance.now() < until) {
      await database.client.execute('SELECT 1');
      queries++;
    }
    database.close();
    expect(seenAt.length).toBeGreaterThan(3);
    expect(seenAt.at(-1)).toBeLessThan(queries);
    // Turns come about every 25 ms: far fewer than the queries.
    expect(seenAt.length).toBeLessThan(queries / 10);
  });

  it('reports an unmigrated or unreadable database as not readable', async () => {
    const database = await openDatabase(tempDir());
    expect(await isDatabaseReadable(database.client)).toBe(false);
    database.close();
  });
});

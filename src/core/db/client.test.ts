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

  it('reports an unmigrated or unreadable database as not readable', async () => {
    const database = await openDatabase(tempDir());
    expect(await isDatabaseReadable(database.client)).toBe(false);
    database.close();
  });
});

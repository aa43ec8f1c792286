import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, gte, lt, count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { channels, messages } from '../db/schema/archive.ts';
import { DEMO_EXPORT } from '../demo/seed-demo.ts';
import { importSlackExport } from '../slack-import/import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from '../slack-import/source/limits.ts';
import { monthlyActivity } from './activity.ts';
import { listDirectory } from './directory.ts';

let database: Database;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-activity-'));
  database = await openDatabase(dir);
  await migrateDatabase(database.db);
  await importSlackExport(database, DEMO_EXPORT, { limits: DEFAULT_IMPORT_LIMITS, includeDms: true });
});
afterAll(() => {
  database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('monthly activity', () => {
  it('counts every message of each channel once, month by month', async () => {
    const all = await database.db.select().from(channels);
    const activity = await monthlyActivity(database.db, all);
    for (const channel of all) {
      const months = activity.get(channel.id) ?? [];
      const [stored] = await database.db.select({ count: count() }).from(messages).where(eq(messages.channelId, channel.id));
      expect(months.reduce((sum, month) => sum + month.count, 0), channel.name).toBe(stored!.count);
    }
    const large = all.find((channel) => channel.name === 'large-discussions')!;
    const busiest = activity.get(large.id)!.reduce((a, b) => (b.count > a.count ? b : a));
    const [year, month] = busiest.month.split('-').map(Number) as [number, number];
    const [direct] = await database.db
      .select({ count: count() })
      .from(messages)
      .where(and(eq(messages.channelId, large.id), gte(messages.tsMs, Date.UTC(year, month - 1, 1)), lt(messages.tsMs, Date.UTC(year, month, 1))));
    expect(busiest.count).toBe(direct!.count);
  });

  it('lists the directory with channels first, then groups, then direct messages', async () => {
    const readable = new Set((await database.db.select({ id: channels.id }).from(channels)).map((row) => row.id));
    const kinds = (await listDirectory(database.db, readable)).map((entry) => entry.kind);
    const rank = { public: 0, private: 0, mpim: 1, dm: 2 };
    expect(kinds.map((kind) => rank[kind])).toEqual([...kinds.map((kind) => rank[kind])].sort());
    expect(new Set(kinds)).toEqual(new Set(['public', 'private', 'mpim', 'dm']));
    const names = (await listDirectory(database.db, readable)).filter((entry) => entry.kind === 'public').map((entry) => entry.name);
    // « événements » sorts with the e's, not after « projet-pilote ».
    expect(names.indexOf('événements')).toBeLessThan(names.indexOf('general'));
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, count, eq, gte, isNull, lt, notInArray, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { channels, messages } from '../db/schema/archive.ts';
import { DEMO_EXPORT } from '../demo/seed-demo.ts';
import { importSlackExport } from '../slack-import/import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from '../slack-import/source/limits.ts';
import { forgetActivity, monthlyActivity } from './activity.ts';
import { listDirectory } from './directory.ts';

let database: Database;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-activity-'));
  database = await openDatabase(dir);
  await migrateDatabase(database.db);
  await importSlackExport(database, DEMO_EXPORT, { limits: DEFAULT_IMPORT_LIMITS, includeDms: true });
}, 120_000);
afterAll(() => {
  database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('monthly activity', () => {
  it('stores at import the same months as counting live, and as the channel counts', async () => {
    const all = await database.db.select().from(channels);
    const stored = await monthlyActivity(database.db, all);
    expect(all.every((channel) => channel.monthlyActivity !== null || channel.messageCount === 0)).toBe(true);
    // An archive imported before the stored counts existed: the same figures, counted live.
    forgetActivity();
    const live = await monthlyActivity(database.db, all.map((channel) => ({ ...channel, monthlyActivity: null })));
    for (const channel of all) {
      const months = stored.get(channel.id) ?? [];
      expect(months, channel.name).toEqual(live.get(channel.id) ?? []);
      expect(months.reduce((sum, month) => sum + month.count, 0), channel.name).toBe(channel.messageCount);
    }
    const large = all.find((channel) => channel.name === 'large-discussions')!;
    const busiest = stored.get(large.id)!.reduce((a, b) => (b.count > a.count ? b : a));
    const [year, month] = busiest.month.split('-').map(Number) as [number, number];
    const [direct] = await database.db
      .select({ count: count() })
      .from(messages)
      .where(
        and(
          eq(messages.channelId, large.id),
          gte(messages.tsMs, Date.UTC(year, month - 1, 1)),
          lt(messages.tsMs, Date.UTC(year, month, 1)),
          or(isNull(messages.subtype), notInArray(messages.subtype, ['channel_join', 'channel_leave'])),
        ),
      );
    expect(busiest.count).toBe(direct!.count);
  });

  it('ignores a stored value it cannot read, and counts live instead', async () => {
    const [general] = await database.db.select().from(channels).where(eq(channels.name, 'general'));
    const live = (await monthlyActivity(database.db, [{ ...general!, monthlyActivity: null }])).get(general!.id);
    expect((await monthlyActivity(database.db, [{ ...general!, monthlyActivity: '[1,2]' }])).get(general!.id)).toEqual(live);
    expect((await monthlyActivity(database.db, [{ ...general!, monthlyActivity: '{' }])).get(general!.id)).toEqual(live);
  });

  it('reads the stored counts of a channel again when an import has changed them', async () => {
    const [general] = await database.db.select().from(channels).where(eq(channels.name, 'general'));
    const first = JSON.stringify({ '2024-01': 3, '2024-03': 1 });
    expect((await monthlyActivity(database.db, [{ ...general!, monthlyActivity: first }])).get(general!.id)).toEqual([
      { month: '2024-01', count: 3 },
      { month: '2024-02', count: 0 },
      { month: '2024-03', count: 1 },
    ]);
    const later = JSON.stringify({ '2024-01': 3, '2024-03': 1, '2024-04': 7 });
    expect((await monthlyActivity(database.db, [{ ...general!, monthlyActivity: later }])).get(general!.id)?.at(-1)).toEqual({ month: '2024-04', count: 7 });
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

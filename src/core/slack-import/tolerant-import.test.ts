import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { readableChannelIds } from '../archive/access.ts';
import { importSlackExport } from './import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from './source/limits.ts';

const EXPORT_2015 = fileURLToPath(new URL('./fixtures/export-2015', import.meta.url));

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function store() {
  const database = await openTempDatabase();
  cleanups.push(() => database.dispose());
  return database;
}

function folderExport(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-tolerant-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), JSON.stringify(content));
  }
  return dir;
}

const rowsOf = async (database: Awaited<ReturnType<typeof store>>, sql: string) => (await database.client.execute(sql)).rows.map((row) => ({ ...row }));

describe('an export made by Slack in 2015', () => {
  it('imports every channel public, listed and readable by members, with every message', async () => {
    const database = await store();
    const summary = await importSlackExport(database, EXPORT_2015, { limits: DEFAULT_IMPORT_LIMITS, includeDms: false });

    expect(await rowsOf(database, 'SELECT id, kind, listed, created_at FROM channels ORDER BY id')).toEqual([
      { id: 'C04DEV2015', kind: 'public', listed: 1, created_at: 1433644800000 },
      { id: 'C04GEN2015', kind: 'public', listed: 1, created_at: 1433558319000 },
      { id: 'C04RND2015', kind: 'public', listed: 1, created_at: 1433558400000 },
    ]);
    const member = { id: 'member-1', slackPersonId: 'U04ANA2015', role: 'member' as const };
    expect([...(await readableChannelIds(database.db, member))].sort()).toEqual(['C04DEV2015', 'C04GEN2015', 'C04RND2015']);
    expect(summary.unlisted).toBe(0);
    expect(summary.people).toBe(2);

    expect(await rowsOf(database, 'SELECT channel_id, ts, user_id, subtype, edited_ts FROM messages ORDER BY ts')).toEqual([
      { channel_id: 'C04GEN2015', ts: '1433558319.000002', user_id: 'U04ANA2015', subtype: null, edited_ts: null },
      { channel_id: 'C04GEN2015', ts: '1433558400.000003', user_id: 'U04BOB2015', subtype: 'channel_join', edited_ts: null },
      { channel_id: 'C04GEN2015', ts: '1433558500.000004', user_id: 'U04ANA2015', subtype: 'file_share', edited_ts: null },
      { channel_id: 'C04GEN2015', ts: '1433558600.000005', user_id: 'U04BOB2015', subtype: 'file_comment', edited_ts: null },
      { channel_id: 'C04GEN2015', ts: '1433558700.000006', user_id: 'U04BOB2015', subtype: null, edited_ts: '1433558760.000000' },
      { channel_id: 'C04RND2015', ts: '1433560000.000007', user_id: 'U04BOB2015', subtype: null, edited_ts: null },
      { channel_id: 'C04RND2015', ts: '1433560060.000008', user_id: 'U04ANA2015', subtype: null, edited_ts: null },
      { channel_id: 'C04DEV2015', ts: '1433700000.000009', user_id: null, subtype: 'bot_message', edited_ts: null },
    ]);
    expect(await rowsOf(database, 'SELECT ts, name, size FROM files ORDER BY ts')).toEqual([
      { ts: '1433558500.000004', name: 'plan.pdf', size: 48213 },
      { ts: '1433558600.000005', name: 'plan.pdf', size: 48213 },
    ]);
    expect(await rowsOf(database, 'SELECT ts, emoji, count FROM reactions')).toEqual([{ ts: '1433560000.000007', emoji: 'coffee', count: 1 }]);

    // What did not fit is said once per field, and cost no record.
    expect(summary.dropped).toBe(0);
    expect(summary.skipped).toEqual([]);
    expect(summary.ignoredFields).toEqual([
      { file: 'channels.json', field: 'is_archived', count: 1, example: expect.stringContaining('channels.json [1]: ') },
      { file: 'users.json', field: 'deleted', count: 1, example: expect.stringContaining('users.json [1]: ') },
    ]);
  });
});

describe('values no channel can have', () => {
  it('imports a channel created in 1e308 without that date, and the run ends completed', async () => {
    const database = await store();
    const location = folderExport({
      'channels.json': [{ id: 'C0FAR00001', name: 'loin', created: 1e308, members: [] }],
      'loin/2020-01-01.json': [{ type: 'message', user: 'U0ANA00001', text: 'Bonjour', ts: '1577880000.000100' }],
    });
    const summary = await importSlackExport(database, location, { limits: DEFAULT_IMPORT_LIMITS, includeDms: false });
    expect(await rowsOf(database, 'SELECT id, kind, listed, created_at FROM channels')).toEqual([{ id: 'C0FAR00001', kind: 'public', listed: 1, created_at: null }]);
    expect(summary.messages.written).toBe(1);
    expect(summary.ignoredFields).toEqual([expect.objectContaining({ file: 'channels.json', field: 'created', count: 1 })]);
    expect(await rowsOf(database, 'SELECT status FROM import_runs')).toEqual([{ status: 'completed' }]);
  });

  it('marks the run failed, not running, when writing the directory fails', async () => {
    const database = await store();
    const location = folderExport({
      'channels.json': [{ id: 'C0FAIL0001', name: 'echec', members: [] }],
      'echec/2020-01-01.json': [{ type: 'message', user: 'U0ANA00001', text: 'Bonjour', ts: '1577880000.000100' }],
    });
    // A table the directory writes into is gone: the write fails after the run was recorded.
    await database.client.execute('DROP TABLE channel_members');
    await expect(importSlackExport(database, location, { limits: DEFAULT_IMPORT_LIMITS, includeDms: false })).rejects.toThrow();
    expect(await rowsOf(database, 'SELECT status FROM import_runs')).toEqual([{ status: 'failed' }]);
  });
});

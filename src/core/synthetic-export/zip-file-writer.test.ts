import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZipEntries, zipEntryList } from '../../../tests/support/read-zip-entries.ts';
import { openZipFileWriter } from './zip-file-writer.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zip-file-writer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openZipFileWriter', () => {
  it('writes deflated entries that yauzl reads back, UTF-8 names included', async () => {
    const path = join(dir, 'small.zip');
    const modifiedAt = new Date(Date.UTC(2021, 0, 1, 12, 30));
    const zip = await openZipFileWriter(path, modifiedAt);
    const files = new Map([
      ['users.json', Buffer.from('[]')],
      ['événements/2019-01-01.json', Buffer.from(JSON.stringify([{ text: 'x'.repeat(100_000) }]))],
      ['empty.json', Buffer.alloc(0)],
    ]);
    for (const [name, data] of files) await zip.add(name, data);
    await zip.close();
    expect(await readZipEntries(path)).toEqual(files);
    for (const entry of await zipEntryList(path)) {
      expect(entry.compressionMethod).toBe(8);
      expect(entry.getLastModDate({ timezone: 'UTC', forceDosFormat: true })).toEqual(modifiedAt);
    }
  });

  it('switches to ZIP64 end records past 65,535 entries', async () => {
    const path = join(dir, 'many.zip');
    const zip = await openZipFileWriter(path, new Date(Date.UTC(2021, 0, 1)));
    const count = 65_600;
    for (let i = 0; i < count; i++) await zip.add(`c/${i}.json`, Buffer.from(`[${i}]`));
    await zip.close();
    const entries = await zipEntryList(path);
    expect(entries).toHaveLength(count);
    expect(entries.at(-1)?.fileName).toBe(`c/${count - 1}.json`);
  }, 60_000);
});

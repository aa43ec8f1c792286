import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { importSlackExport } from './import-export.ts';
import { PART_MESSAGES } from './map/map-day-file.ts';
import { DEFAULT_IMPORT_LIMITS } from './source/limits.ts';
import type * as OpenExportSource from './source/open-export-source.ts';

/** The first day file's location comes back last, as it can from a zip or a busy disk. */
vi.mock('./source/open-export-source.ts', async (importOriginal) => {
  const original = await importOriginal<typeof OpenExportSource>();
  return {
    openExportSource: async (...args: Parameters<typeof original.openExportSource>) => {
      const source = await original.openExportSource(...args);
      return {
        ...source,
        files: source.files,
        close: () => source.close(),
        locate: async (file: number) => {
          const stored = await source.locate(file);
          if (source.files.name(file) === 'general/2024-03-01.json') await new Promise((resolve) => setTimeout(resolve, 500));
          return stored;
        },
      };
    },
  };
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('day files larger than one part', () => {
  it('are handed to the workers in the import order, whatever order their locations come back in', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-order-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'general'));
    fs.writeFileSync(path.join(dir, 'channels.json'), JSON.stringify([{ id: 'C0GENERAL1', name: 'general', members: [] }]));
    const messages = PART_MESSAGES + 500;
    for (const [day, start] of [['2024-03-01', 1709294400], ['2024-03-02', 1709380800]] as const) {
      const day_messages = Array.from({ length: messages }, (_, n) => ({ type: 'message', user: 'U1', text: `m${n}`, ts: `${start + n}.000100` }));
      fs.writeFileSync(path.join(dir, 'general', `${day}.json`), JSON.stringify(day_messages));
    }
    const database = await openTempDatabase();
    try {
      let timer: NodeJS.Timeout | undefined;
      const stuck = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the import stopped: a worker waits for a writer that waits for it')), 30_000);
      });
      const summary = await Promise.race([importSlackExport(database, dir, { limits: DEFAULT_IMPORT_LIMITS, includeDms: false }), stuck]);
      clearTimeout(timer);
      expect(summary.dayFiles).toEqual({ imported: 2, unchanged: 0, failed: 0 });
      expect(summary.messages.written).toBe(2 * messages);
    } finally {
      database.dispose();
    }
  }, 60_000);
});

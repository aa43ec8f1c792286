import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ExportSink } from './export-sink.ts';

/** Writes the export unzipped, as someone who extracted Slack's zip would have it. */
export async function openFolderSink(dir: string): Promise<ExportSink> {
  await mkdir(dir, { recursive: true });
  const created = new Set<string>([dir]);
  return {
    async add(path, data) {
      const file = join(dir, path);
      const parent = dirname(file);
      if (!created.has(parent)) {
        await mkdir(parent, { recursive: true });
        created.add(parent);
      }
      await writeFile(file, data);
    },
    async close() {},
    async abort() {},
  };
}

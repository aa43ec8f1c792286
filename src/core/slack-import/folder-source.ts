import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EntryError, ImportRefusedError } from './errors.ts';
import type { ExportFile, ExportSource } from './export-source.ts';
import { quoteName } from './entry-name.ts';
import { LimitTracker } from './limits-check.ts';
import type { ImportLimits } from './limits.ts';

/** Lists a folder without following links: a link could point anywhere on the machine. */
async function listFolder(root: string, tracker: LimitTracker): Promise<Map<string, ExportFile & { onDisk: string }>> {
  const found = new Map<string, ExportFile & { onDisk: string }>();
  const pending = [''];
  while (pending.length > 0) {
    const relative = pending.pop()!;
    const entries = await fs.promises.readdir(path.join(root, relative), { withFileTypes: true });
    for (const entry of entries) {
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isSymbolicLink()) throw new ImportRefusedError(`${quoteName(name)} is a symbolic link; refusing this folder`);
      if (entry.isDirectory()) {
        tracker.countEntry(`${name}/`, 0);
        pending.push(name);
      } else if (entry.isFile()) {
        const { size } = await fs.promises.stat(path.join(root, name));
        tracker.countEntry(name, size);
        // Paths are compared in NFC (macOS file systems store accents decomposed); reads use the name on disk.
        const normalized = name.normalize('NFC');
        found.set(normalized, { path: normalized, size, onDisk: name });
      }
    }
  }
  return found;
}

export async function openFolderSource(root: string, limits: ImportLimits): Promise<ExportSource> {
  const tracker = new LimitTracker(limits);
  const files = await listFolder(root, tracker);
  return {
    label: root,
    files,
    totalBytes: tracker.totalBytes,
    async read(name) {
      const file = files.get(name);
      if (!file) throw new EntryError(name, 'not in the folder');
      try {
        const data = await fs.promises.readFile(path.join(root, file.onDisk));
        return {
          data,
          compression: 'none',
          size: data.length,
          crc32: undefined,
          fingerprint: `sha1:${createHash('sha1').update(data).digest('hex')}`,
        };
      } catch (error) {
        throw new EntryError(name, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    },
    close: async () => {},
  };
}

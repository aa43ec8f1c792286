import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EntryError, ImportRefusedError } from './errors.ts';
import type { ExportFile, ExportSource } from './export-source.ts';
import { LimitTracker } from './limits-check.ts';
import type { ImportLimits } from './limits.ts';

/** Lists a folder without following links: a link could point anywhere on the machine. */
async function listFolder(root: string, tracker: LimitTracker): Promise<Map<string, ExportFile>> {
  const found = new Map<string, ExportFile>();
  const pending = [''];
  while (pending.length > 0) {
    const relative = pending.pop()!;
    const entries = await fs.promises.readdir(path.join(root, relative), { withFileTypes: true });
    for (const entry of entries) {
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isSymbolicLink()) throw new ImportRefusedError(`"${name}" is a symbolic link; refusing this folder`);
      if (entry.isDirectory()) {
        tracker.countEntry(`${name}/`, 0);
        pending.push(name);
      } else if (entry.isFile()) {
        const { size } = await fs.promises.stat(path.join(root, name));
        tracker.countEntry(name, size);
        found.set(name, { path: name, size });
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
      if (!files.has(name)) throw new EntryError(name, 'not in the folder');
      try {
        const data = await fs.promises.readFile(path.join(root, name));
        return { data, fingerprint: `sha1:${createHash('sha1').update(data).digest('hex')}` };
      } catch (error) {
        throw new EntryError(name, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    },
    close: async () => {},
  };
}

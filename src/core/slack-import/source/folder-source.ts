import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EntryError, ImportRefusedError } from '../errors.ts';
import type { ExportSource } from './export-source.ts';
import { quoteName } from './entry-name.ts';
import { FileTable } from './file-table.ts';
import { LimitTracker } from './limits-check.ts';
import type { ImportLimits } from './limits.ts';
import { READ_CHUNK } from './stored-file.ts';

interface FolderListing {
  files: FileTable;
  /** Names on disk that differ from the listed (NFC) name, by file number. */
  onDisk: Map<number, string>;
}

/** Lists a folder without following links: a link could point anywhere on the machine. */
async function listFolder(root: string, tracker: LimitTracker): Promise<FolderListing> {
  const found: FolderListing = { files: new FileTable(), onDisk: new Map() };
  const seen = new Set<string>();
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
        // Two names that differ only in how accents are encoded would be one file to the import: as in a zip, refused.
        if (seen.has(normalized)) throw new ImportRefusedError(`${quoteName(name)} appears twice (once with accents encoded differently); refusing this folder`);
        seen.add(normalized);
        const file = found.files.add(normalized, size);
        if (normalized !== name) found.onDisk.set(file, name);
      }
    }
  }
  return found;
}

export async function openFolderSource(root: string, limits: ImportLimits): Promise<ExportSource> {
  const tracker = new LimitTracker(limits);
  const { files, onDisk } = await listFolder(root, tracker);
  return {
    label: root,
    files,
    totalBytes: tracker.totalBytes,
    async locate(file) {
      const name = files.name(file);
      const disk = path.join(root, onDisk.get(file) ?? name);
      try {
        // Hashed as a stream: a file of any size costs one read buffer here.
        const hash = createHash('sha1');
        for await (const chunk of fs.createReadStream(disk, { highWaterMark: READ_CHUNK })) hash.update(chunk as Buffer);
        const size = files.size(file);
        return { where: { disk, start: 0, length: size }, compression: 'none', size, crc32: undefined, fingerprint: `sha1:${hash.digest('hex')}` };
      } catch (error) {
        throw new EntryError(name, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    },
    close: async () => {},
  };
}

import fs from 'node:fs';
import type { FileTable } from './file-table.ts';
import { openFolderSource } from './folder-source.ts';
import type { ImportLimits } from './limits.ts';
import { ImportRefusedError } from './errors.ts';
import { openZipSource } from './zip-source.ts';

/**
 * A file's bytes as stored: zip entries stay deflated here so that inflating,
 * the costly part, happens in the worker that parses them (see inflate-file.ts).
 */
export interface ReadFile {
  data: Buffer;
  compression: 'none' | 'deflate';
  /** Uncompressed size and CRC-32 the zip directory promises, checked on inflating. */
  size: number;
  crc32: number | undefined;
  /** Identifies this version of the file: unchanged files are skipped on re-import. */
  fingerprint: string;
}

/**
 * A Slack export read in place, whether a zip or an already-extracted folder.
 * Files are known by number; their names are paths inside the export,
 * "/"-separated, decoded to Unicode and compared in NFC.
 */
export interface ExportSource {
  readonly label: string;
  readonly files: FileTable;
  /** Sum of the uncompressed sizes, for progress estimates. */
  readonly totalBytes: number;
  read(file: number): Promise<ReadFile>;
  close(): Promise<void>;
}

export async function openExportSource(location: string, limits: ImportLimits): Promise<ExportSource> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(location);
  } catch (error) {
    throw new ImportRefusedError(`${location}: cannot be opened (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (stat.isDirectory()) return openFolderSource(location, limits);
  if (stat.isFile()) return openZipSource(location, limits);
  throw new ImportRefusedError(`${location}: neither a zip file nor a folder`);
}

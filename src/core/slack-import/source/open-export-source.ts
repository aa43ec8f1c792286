import fs from 'node:fs';
import { ImportRefusedError } from '../errors.ts';
import type { ExportSource } from './export-source.ts';
import { openFolderSource } from './folder-source.ts';
import type { ImportLimits } from './limits.ts';
import { openZipSource } from './zip-source.ts';

/** Opens a Slack export where it lies: a zip file or an already-extracted folder. */
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

import fs from 'node:fs';
import path from 'node:path';

export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

/**
 * Creates the data directory when missing and proves it can be written,
 * so a misconfigured volume fails at start rather than at the first sign-in.
 */
export function ensureWritableDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const probe = path.join(dataDir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new DataDirError(`DATA_DIR ${dataDir} is not a writable directory (${code}): point DATA_DIR to a directory Passerelle may write to`);
  }
}

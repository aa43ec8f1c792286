import yauzl from 'yauzl';
import { assertSafeEntryName, decodeEntryName, quoteName } from './entry-name.ts';
import { EntryError, ImportRefusedError } from './errors.ts';
import type { ExportFile, ExportSource, ReadFile } from './export-source.ts';
import { LimitTracker } from './limits-check.ts';
import type { ImportLimits } from './limits.ts';

const UTF8_FLAG = 0x800;
const STORED = 0;
const DEFLATED = 8;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: false }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    );
  });
}

/**
 * What yauzl needs to open an entry's data later. The full entry keeps its raw
 * name, extra fields and comment: on an export of a hundred thousand files that
 * is over a hundred megabytes held for nothing.
 */
function slimEntry(entry: yauzl.Entry): yauzl.Entry {
  const slim = new yauzl.Entry();
  for (const key of ['compressionMethod', 'compressedSize', 'uncompressedSize', 'relativeOffsetOfLocalHeader', 'generalPurposeBitFlag', 'crc32', 'versionMadeBy', 'externalFileAttributes'] as const) {
    (slim as unknown as Record<string, unknown>)[key] = entry[key];
  }
  return slim;
}

/** Reads the central directory only: nothing is inflated until a file is asked for. */
function readDirectory(zip: yauzl.ZipFile, tracker: LimitTracker): Promise<Map<string, { file: ExportFile; entry: yauzl.Entry }>> {
  const found = new Map<string, { file: ExportFile; entry: yauzl.Entry }>();
  return new Promise((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve(found));
    zip.on('entry', (entry: yauzl.Entry) => {
      try {
        const raw = entry.fileName as unknown as Buffer;
        const name = decodeEntryName(raw, (entry.generalPurposeBitFlag & UTF8_FLAG) !== 0);
        assertSafeEntryName(name);
        if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
          throw new ImportRefusedError(`entry ${quoteName(name)} is a symbolic link; refusing this archive`);
        }
        tracker.countEntry(name, entry.uncompressedSize, entry.compressedSize);
        if (!name.endsWith('/')) {
          // Two entries with one name let different tools see different files: a known zip trick.
          if (found.has(name)) throw new ImportRefusedError(`entry ${quoteName(name)} appears twice; refusing this archive`);
          found.set(name, { file: { path: name, size: entry.uncompressedSize }, entry: slimEntry(entry) });
        }
        zip.readEntry();
      } catch (error) {
        reject(error);
      }
    });
    zip.readEntry();
  });
}

export async function openZipSource(location: string, limits: ImportLimits): Promise<ExportSource> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(location);
  } catch (error) {
    throw new ImportRefusedError(`${location} is not a readable zip archive (${(error as Error).message})`);
  }
  const tracker = new LimitTracker(limits);
  let directory: Awaited<ReturnType<typeof readDirectory>>;
  try {
    directory = await readDirectory(zip, tracker);
  } catch (error) {
    zip.close();
    if (error instanceof ImportRefusedError) throw error;
    throw new ImportRefusedError(`${location} is a damaged zip archive (${(error as Error).message})`);
  }

  const read = (path: string): Promise<ReadFile> => {
    const found = directory.get(path);
    if (!found) return Promise.reject(new EntryError(path, 'not in the archive'));
    const { entry } = found;
    if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
      return Promise.reject(new EntryError(path, `uses compression method ${entry.compressionMethod}, which Slack exports never use`));
    }
    return new Promise((resolve, reject) => {
      // yauzl accepts `decompress` only for compressed entries.
      const options = entry.compressionMethod === DEFLATED ? { decompress: false } : {};
      zip.openReadStream(entry, options, (error, stream) => {
        if (error) return reject(new EntryError(path, `cannot be read from the zip (${error.message})`));
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (streamError) => reject(new EntryError(path, `is damaged in the zip (${streamError.message})`)));
        stream.on('end', () =>
          resolve({
            data: Buffer.concat(chunks),
            compression: entry.compressionMethod === DEFLATED ? 'deflate' : 'none',
            size: entry.uncompressedSize,
            crc32: entry.crc32,
            fingerprint: `crc32:${entry.crc32.toString(16)}:${entry.uncompressedSize}`,
          }),
        );
      });
    });
  };

  return {
    label: location,
    files: new Map([...directory].map(([path, { file }]) => [path, file])),
    totalBytes: tracker.totalBytes,
    read,
    close: async () => zip.close(),
  };
}

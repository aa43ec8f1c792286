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

const ENTRY_FIELDS = [
  'compressionMethod',
  'compressedSize',
  'uncompressedSize',
  'relativeOffsetOfLocalHeader',
  'generalPurposeBitFlag',
  'crc32',
  'versionMadeBy',
  'externalFileAttributes',
] as const;
const UNCOMPRESSED_SIZE = ENTRY_FIELDS.indexOf('uncompressedSize');

/**
 * The zip's central directory, kept as one typed array of what yauzl needs to
 * open each entry later, and served as the source's `files` map. An export of
 * 5 million messages has 190,000 entries: one slimmed yauzl Entry per entry plus
 * an ExportFile in a second map held 62 MiB of heap for the whole import (now
 * 16 MiB), and V8 lets the heap grow to a multiple of what stays alive before
 * collecting. Entries and ExportFiles are made when asked for.
 */
class ZipDirectory implements ReadonlyMap<string, ExportFile> {
  readonly #fields: Float64Array;
  readonly #index = new Map<string, number>();

  constructor(entryCount: number) {
    this.#fields = new Float64Array(Math.max(1, entryCount) * ENTRY_FIELDS.length);
  }

  add(name: string, entry: yauzl.Entry): void {
    const at = this.#index.size * ENTRY_FIELDS.length;
    ENTRY_FIELDS.forEach((key, offset) => (this.#fields[at + offset] = entry[key]));
    this.#index.set(name, at);
  }

  entry(name: string): yauzl.Entry | undefined {
    const at = this.#index.get(name);
    if (at === undefined) return undefined;
    const entry = new yauzl.Entry();
    ENTRY_FIELDS.forEach((key, offset) => ((entry as unknown as Record<string, number>)[key] = this.#fields[at + offset]!));
    return entry;
  }

  // The export's files, as ExportSource.files: each ExportFile is made when asked for.
  get size(): number {
    return this.#index.size;
  }

  has(name: string): boolean {
    return this.#index.has(name);
  }

  get(name: string): ExportFile | undefined {
    const at = this.#index.get(name);
    return at === undefined ? undefined : { path: name, size: this.#fields[at + UNCOMPRESSED_SIZE]! };
  }

  keys(): MapIterator<string> {
    return this.#index.keys();
  }

  *entries(): MapIterator<[string, ExportFile]> {
    for (const name of this.#index.keys()) yield [name, this.get(name)!];
  }

  *values(): MapIterator<ExportFile> {
    for (const name of this.#index.keys()) yield this.get(name)!;
  }

  [Symbol.iterator](): MapIterator<[string, ExportFile]> {
    return this.entries();
  }

  forEach(callback: (value: ExportFile, key: string, map: ReadonlyMap<string, ExportFile>) => void, thisArg?: unknown): void {
    for (const [name, file] of this.entries()) callback.call(thisArg, file, name, this);
  }
}

/** Reads the central directory only: nothing is inflated until a file is asked for. */
function readDirectory(zip: yauzl.ZipFile, tracker: LimitTracker): Promise<ZipDirectory> {
  const found = new ZipDirectory(zip.entryCount);
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
          found.add(name, entry);
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
  let directory: ZipDirectory;
  try {
    directory = await readDirectory(zip, tracker);
  } catch (error) {
    zip.close();
    if (error instanceof ImportRefusedError) throw error;
    throw new ImportRefusedError(`${location} is a damaged zip archive (${(error as Error).message})`);
  }

  const read = (path: string): Promise<ReadFile> => {
    const entry = directory.entry(path);
    if (!entry) return Promise.reject(new EntryError(path, 'not in the archive'));
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
    files: directory,
    totalBytes: tracker.totalBytes,
    read,
    close: async () => zip.close(),
  };
}

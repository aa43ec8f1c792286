import fs from 'node:fs';
import yauzl from 'yauzl';
import { assertSafeEntryName, decodeEntryName, quoteName } from './entry-name.ts';
import { EntryError, ImportRefusedError } from '../errors.ts';
import type { ExportSource } from './export-source.ts';
import type { StoredFile } from './stored-file.ts';
import { FileTable } from './file-table.ts';
import { LimitTracker } from './limits-check.ts';
import type { ImportLimits } from './limits.ts';

const UTF8_FLAG = 0x800;
const STORED = 0;
const DEFLATED = 8;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
/** What starts each file's local header, and that header's fixed size. */
const LOCAL_HEADER = 0x04034b50;
const LOCAL_HEADER_SIZE = 30;
/** What starts each record of a zip's central directory. */
const CENTRAL_HEADER = 0x02014b50;

/** Whether another central directory record starts at this offset of the file. */
async function centralHeaderAt(location: string, offset: number): Promise<boolean> {
  const handle = await fs.promises.open(location, 'r');
  try {
    const signature = Buffer.alloc(4);
    const { bytesRead } = await handle.read(signature, 0, 4, offset);
    return bytesRead === 4 && signature.readUInt32LE(0) === CENTRAL_HEADER;
  } finally {
    await handle.close();
  }
}

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

/**
 * The zip's central directory: each file's name and size in a FileTable, and
 * what yauzl needs to open it later in one typed array, by file number. One
 * yauzl Entry per file held 62 MiB of heap at 5 million messages for the whole
 * import; an Entry is now made when its file is read.
 */
class ZipDirectory {
  readonly files = new FileTable();
  #fields: Float64Array;

  constructor(entryCount: number) {
    this.#fields = new Float64Array(Math.max(1, entryCount) * ENTRY_FIELDS.length);
  }

  add(name: string, entry: yauzl.Entry): void {
    const at = this.files.add(name, entry.uncompressedSize) * ENTRY_FIELDS.length;
    // The end record's count sized the array; a directory holding more than it announced grows it.
    if (at + ENTRY_FIELDS.length > this.#fields.length) {
      const grown = new Float64Array(Math.max(this.#fields.length * 2, at + ENTRY_FIELDS.length));
      grown.set(this.#fields);
      this.#fields = grown;
    }
    ENTRY_FIELDS.forEach((key, offset) => (this.#fields[at + offset] = entry[key]));
  }

  entry(file: number): yauzl.Entry {
    const at = file * ENTRY_FIELDS.length;
    const entry = new yauzl.Entry();
    ENTRY_FIELDS.forEach((key, offset) => ((entry as unknown as Record<string, number>)[key] = this.#fields[at + offset]!));
    return entry;
  }
}

/**
 * Reads the central directory only: nothing is inflated until a file is asked for.
 * The count the end record announces can be wrong (one short, and the last file
 * would be ignored without a word): records are read as long as the directory
 * holds some, and `extra` says how many the count left out.
 */
function readDirectory(location: string, zip: yauzl.ZipFile, tracker: LimitTracker): Promise<{ directory: ZipDirectory; announced: number; extra: number }> {
  const announced = zip.entryCount;
  let extra = 0;
  const found = new ZipDirectory(zip.entryCount);
  // Only while the directory is read: the names as strings are what the FileTable saves.
  const seen = new Set<string>();
  return new Promise((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => {
      // yauzl stops at the announced count; its cursor is then where the next record would start.
      const cursor = (zip as unknown as { readEntryCursor: number }).readEntryCursor;
      centralHeaderAt(location, cursor).then((more) => {
        if (more) {
          extra += 1;
          zip.entryCount += 1;
          zip.readEntry();
          return;
        }
        // The handlers stay on the zip, which lives as long as the import.
        seen.clear();
        resolve({ directory: found, announced, extra });
      }, reject);
    });
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
          if (seen.has(name)) throw new ImportRefusedError(`entry ${quoteName(name)} appears twice; refusing this archive`);
          seen.add(name);
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
  const { size } = await fs.promises.stat(location);
  let directory: ZipDirectory;
  const notes: { item: string; reason: string }[] = [];
  try {
    const read = await readDirectory(location, zip, tracker);
    directory = read.directory;
    if (read.extra > 0) {
      notes.push({
        item: location,
        reason: `the zip's end record announces ${read.announced} entries but its directory holds ${read.announced + read.extra}: all ${read.announced + read.extra} were read (a damaged or hand-edited zip)`,
      });
    }
  } catch (error) {
    zip.close();
    if (error instanceof ImportRefusedError) throw error;
    throw new ImportRefusedError(`${location} is a damaged zip archive (${(error as Error).message})`);
  }

  // The zip stays open for the import: each file's data is found through its local header.
  const handle = await fs.promises.open(location, 'r');
  const locate = async (file: number): Promise<StoredFile> => {
    const path = directory.files.name(file);
    const entry = directory.entry(file);
    if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
      throw new EntryError(path, `uses compression method ${entry.compressionMethod}, which Slack exports never use`);
    }
    // One buffer per call: many files are located at once.
    const header = Buffer.alloc(LOCAL_HEADER_SIZE);
    const { bytesRead } = await handle.read(header, 0, LOCAL_HEADER_SIZE, entry.relativeOffsetOfLocalHeader);
    if (bytesRead !== LOCAL_HEADER_SIZE || header.readUInt32LE(0) !== LOCAL_HEADER) {
      throw new EntryError(path, 'cannot be read from the zip (its local header is missing or damaged)');
    }
    // The local header's own name and extra field lengths, which may differ from the central directory's.
    const start = entry.relativeOffsetOfLocalHeader + LOCAL_HEADER_SIZE + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (start + entry.compressedSize > size) throw new EntryError(path, 'cannot be read from the zip (its data lies past the end of the file)');
    return {
      where: { disk: location, start, length: entry.compressedSize },
      compression: entry.compressionMethod === DEFLATED ? 'deflate' : 'none',
      size: entry.uncompressedSize,
      crc32: entry.crc32,
      fingerprint: `crc32:${entry.crc32.toString(16)}:${entry.uncompressedSize}`,
    };
  };

  return {
    label: location,
    files: directory.files,
    totalBytes: tracker.totalBytes,
    notes,
    locate,
    close: async () => {
      zip.close();
      await handle.close();
    },
  };
}

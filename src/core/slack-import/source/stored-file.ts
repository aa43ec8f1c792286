import fs from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { createInflateRaw, crc32, inflateRawSync } from 'node:zlib';
import { EntryError } from '../errors.ts';

/**
 * Where a file's bytes lie, as stored: zip entries stay deflated so that
 * inflating, the costly part, happens on the thread that parses them. Plain
 * data that can cross to a worker thread; nothing is read until `storedBytes`.
 */
export interface StoredFile {
  /** A span of a file on disk (a zip entry's data, a file of a folder), or bytes already in memory. */
  where: { disk: string; start: number; length: number } | { memory: Uint8Array };
  compression: 'none' | 'deflate';
  /** Uncompressed size and CRC-32 the zip directory promises, checked as the bytes go by. */
  size: number;
  crc32: number | undefined;
  /** Identifies this version of the file: unchanged files are skipped on re-import. */
  fingerprint: string;
}

/** Read this much at a time: what one file costs in memory while it is read, however large it is. */
export const READ_CHUNK = 64 * 1024;

function rawChunks(file: StoredFile): AsyncIterable<Buffer> {
  const { where } = file;
  if ('memory' in where) {
    const data = Buffer.from(where.memory.buffer, where.memory.byteOffset, where.memory.byteLength);
    return (async function* () {
      for (let at = 0; at < data.length; at += READ_CHUNK) yield data.subarray(at, at + READ_CHUNK);
    })();
  }
  if (where.length === 0) return (async function* () {})();
  return fs.createReadStream(where.disk, { start: where.start, end: where.start + where.length - 1, highWaterMark: READ_CHUNK });
}

/**
 * Files this small, stored and inflated, are read in one call: most day files
 * are a few KiB, and a stream (its file opened through the thread pool, an
 * inflate stream, their pipeline) cost a worker more than parsing them.
 */
const WHOLE_READ = 256 * 1024;

function readsWhole(file: StoredFile): boolean {
  return 'disk' in file.where && file.where.length <= WHOLE_READ && file.size <= WHOLE_READ;
}

/** The span, inflated if it is deflated: at most one byte more than announced, so a larger one is caught as in a stream. */
function* wholeChunk(file: StoredFile): Generator<Buffer> {
  const { disk, start, length } = file.where as { disk: string; start: number; length: number };
  if (length === 0) return;
  const raw = Buffer.allocUnsafe(length);
  const fd = fs.openSync(disk, 'r');
  let read = 0;
  try {
    while (read < length) {
      const got = fs.readSync(fd, raw, read, length - read, start + read);
      if (got === 0) break;
      read += got;
    }
  } finally {
    fs.closeSync(fd);
  }
  const stored = raw.subarray(0, read);
  if (file.compression === 'none') {
    yield stored;
    return;
  }
  try {
    yield inflateRawSync(stored, { maxOutputLength: file.size + 1 });
  } catch (error) {
    // More than the directory announced: the same refusal a stream gives when it goes past the size.
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') yield Buffer.alloc(file.size + 1);
    else throw error;
  }
}

/**
 * A file's real bytes, chunk by chunk, checked against what the zip directory
 * promised: more bytes than announced stop the reading at once (a crafted
 * entry cannot fill memory or disk), fewer bytes or a CRC that does not match
 * (a damaged archive) end it with a named error. Chunks already given stay
 * given: the caller decides what to keep of a file that breaks.
 */
export async function* storedBytes(path: string, file: StoredFile): AsyncGenerator<Buffer> {
  let total = 0;
  let checksum = 0;
  const inflated = file.compression === 'deflate';
  let source: AsyncIterable<Buffer> | Iterable<Buffer>;
  if (readsWhole(file)) {
    source = wholeChunk(file);
  } else if (inflated) {
    const inflate = createInflateRaw({ chunkSize: READ_CHUNK });
    // An error on either side destroys both, and surfaces below as this file's error.
    pipeline(Readable.from(rawChunks(file), { objectMode: false }), inflate, () => {});
    source = inflate;
  } else {
    source = rawChunks(file);
  }
  try {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > file.size) {
        throw new EntryError(path, file.crc32 === undefined ? `changed while it was read: larger than its ${file.size} bytes` : `is damaged in the zip: larger than the ${file.size} bytes announced`);
      }
      if (file.crc32 !== undefined) checksum = crc32(chunk, checksum);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof EntryError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (!inflated && code !== undefined && !code.startsWith('Z_')) throw new EntryError(path, `cannot be read (${code})`);
    throw new EntryError(path, `is damaged in the zip (${(error as Error).message})`);
  } finally {
    if (inflated && !readsWhole(file)) (source as ReturnType<typeof createInflateRaw>).destroy();
  }
  if (total !== file.size) {
    throw new EntryError(path, file.crc32 === undefined ? `changed while it was read: ${total} bytes instead of ${file.size}` : `is damaged in the zip: ${total} bytes instead of the ${file.size} announced`);
  }
  if (file.crc32 !== undefined && checksum >>> 0 !== file.crc32 >>> 0) throw new EntryError(path, 'is damaged in the zip: its checksum does not match');
}

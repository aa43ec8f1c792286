import { crc32, inflateRawSync } from 'node:zlib';
import { EntryError } from '../errors.ts';
import type { ReadFile } from './export-source.ts';

/**
 * The file's real bytes, checked against what the zip directory promised: a
 * size that differs (a crafted or truncated entry) or a CRC that does not match
 * (a damaged archive) makes the file unreadable rather than silently wrong.
 */
export function inflateFile(path: string, file: ReadFile): Buffer {
  let data: Buffer;
  try {
    data = file.compression === 'deflate' ? inflateRawSync(file.data, { maxOutputLength: file.size + 1 }) : file.data;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /larger than/.test((error as Error).message)) {
      throw new EntryError(path, `is damaged in the zip: larger than the ${file.size} bytes announced`);
    }
    throw new EntryError(path, `is damaged in the zip (${(error as Error).message})`);
  }
  if (data.length !== file.size) {
    throw new EntryError(path, `is damaged in the zip: ${data.length} bytes instead of the ${file.size} announced`);
  }
  if (file.crc32 !== undefined && crc32(data) >>> 0 !== file.crc32 >>> 0) {
    throw new EntryError(path, 'is damaged in the zip: its checksum does not match');
  }
  return data;
}

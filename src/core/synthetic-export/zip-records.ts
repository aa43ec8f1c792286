/**
 * The byte layouts of a zip archive (PKWARE APPNOTE 6.3): local file
 * headers, central directory records, and the end records, in their ZIP64
 * form when an export has more than 65,535 files or passes 4 GiB.
 */

export const ZIP32_LIMIT = 0xffffffff;
const ENTRY_COUNT_LIMIT = 0xffff;
const VERSION_DEFAULT = 20;
const VERSION_ZIP64 = 45;
/** High byte 3: Unix, so extractors apply the permissions below. */
const MADE_BY_UNIX = 3 << 8;
const UTF8_NAMES = 1 << 11;
const DEFLATE = 8;
const REGULAR_FILE_RW_R_R = 0o100644;

export interface ZipEntry {
  name: Buffer;
  crc32: number;
  size: number;
  compressedSize: number;
  /** Where its local header starts. */
  offset: number;
}

export interface DosDateTime {
  date: number;
  time: number;
}

/** The UTC fields of `instant`, so the bytes do not depend on the machine's time zone. */
export function dosDateTime(instant: Date): DosDateTime {
  return {
    date: ((instant.getUTCFullYear() - 1980) << 9) | ((instant.getUTCMonth() + 1) << 5) | instant.getUTCDate(),
    time: (instant.getUTCHours() << 11) | (instant.getUTCMinutes() << 5) | (instant.getUTCSeconds() >> 1),
  };
}

export function localFileHeader(entry: ZipEntry, modified: DosDateTime): Buffer {
  if (entry.size >= ZIP32_LIMIT || entry.compressedSize >= ZIP32_LIMIT)
    throw new RangeError('a single file of 4 GiB or more is not supported');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(VERSION_DEFAULT, 4);
  header.writeUInt16LE(UTF8_NAMES, 6);
  header.writeUInt16LE(DEFLATE, 8);
  header.writeUInt16LE(modified.time, 10);
  header.writeUInt16LE(modified.date, 12);
  header.writeUInt32LE(entry.crc32, 14);
  header.writeUInt32LE(entry.compressedSize, 18);
  header.writeUInt32LE(entry.size, 22);
  header.writeUInt16LE(entry.name.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, entry.name]);
}

export function centralDirectoryRecordLength(entry: ZipEntry): number {
  return 46 + entry.name.length + (entry.offset >= ZIP32_LIMIT ? 12 : 0);
}

/** Writes the entry's record into `target` at `position`, every byte of it. */
export function writeCentralDirectoryRecord(entry: ZipEntry, modified: DosDateTime, target: Buffer, position: number): void {
  const zip64 = entry.offset >= ZIP32_LIMIT;
  const version = zip64 ? VERSION_ZIP64 : VERSION_DEFAULT;
  const at = position;
  target.writeUInt32LE(0x02014b50, at);
  target.writeUInt16LE(MADE_BY_UNIX | version, at + 4);
  target.writeUInt16LE(version, at + 6);
  target.writeUInt16LE(UTF8_NAMES, at + 8);
  target.writeUInt16LE(DEFLATE, at + 10);
  target.writeUInt16LE(modified.time, at + 12);
  target.writeUInt16LE(modified.date, at + 14);
  target.writeUInt32LE(entry.crc32, at + 16);
  target.writeUInt32LE(entry.compressedSize, at + 20);
  target.writeUInt32LE(entry.size, at + 24);
  target.writeUInt16LE(entry.name.length, at + 28);
  target.writeUInt16LE(zip64 ? 12 : 0, at + 30);
  target.writeUInt16LE(0, at + 32);
  target.writeUInt16LE(0, at + 34);
  target.writeUInt16LE(0, at + 36);
  target.writeUInt32LE((REGULAR_FILE_RW_R_R << 16) >>> 0, at + 38);
  target.writeUInt32LE(zip64 ? ZIP32_LIMIT : entry.offset, at + 42);
  entry.name.copy(target, at + 46);
  if (zip64) {
    const extra = at + 46 + entry.name.length;
    target.writeUInt16LE(0x0001, extra);
    target.writeUInt16LE(8, extra + 2);
    target.writeBigUInt64LE(BigInt(entry.offset), extra + 4);
  }
}

/** The end of central directory record, preceded by its ZIP64 record and locator when needed. */
export function endRecords(entryCount: number, directorySize: number, directoryOffset: number): Buffer {
  const parts: Buffer[] = [];
  if (entryCount > ENTRY_COUNT_LIMIT || directorySize >= ZIP32_LIMIT || directoryOffset >= ZIP32_LIMIT) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(MADE_BY_UNIX | VERSION_ZIP64, 12);
    record.writeUInt16LE(VERSION_ZIP64, 14);
    record.writeBigUInt64LE(BigInt(entryCount), 24);
    record.writeBigUInt64LE(BigInt(entryCount), 32);
    record.writeBigUInt64LE(BigInt(directorySize), 40);
    record.writeBigUInt64LE(BigInt(directoryOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8);
    locator.writeUInt32LE(1, 16);
    parts.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entryCount, ENTRY_COUNT_LIMIT), 8);
  end.writeUInt16LE(Math.min(entryCount, ENTRY_COUNT_LIMIT), 10);
  end.writeUInt32LE(Math.min(directorySize, ZIP32_LIMIT), 12);
  end.writeUInt32LE(Math.min(directoryOffset, ZIP32_LIMIT), 16);
  parts.push(end);
  return Buffer.concat(parts);
}

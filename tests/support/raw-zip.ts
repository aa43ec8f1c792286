import { crc32, deflateRawSync } from 'node:zlib';

/**
 * One entry of a hand-made zip. Real zip libraries refuse to write the hostile
 * archives the importer must survive (names with "..", raw non-UTF-8 bytes,
 * symlinks, lying sizes), so tests build them byte by byte with this.
 */
export interface RawZipEntry {
  /** A string is written as UTF-8; a Buffer is written exactly as given (e.g. cp437 bytes). */
  name: string | Buffer;
  data: Buffer;
  method?: 'store' | 'deflate';
  /** General purpose bit 11: the name is UTF-8. Off unless asked, like many real zips. */
  utf8Flag?: boolean;
  /** Unix st_mode, e.g. 0o100644 for a file, 0o120777 for a symbolic link. */
  unixMode?: number;
  /** Written instead of the real uncompressed size, in both headers, to fake a damaged or lying entry. */
  declaredUncompressedSize?: number;
  /** Written instead of the deflated `data` (which still gives the sizes and checksum): bytes no inflater accepts. */
  compressedBody?: Buffer;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION_NEEDED = 20;
// High byte 3 = Unix: readers only trust the mode in the external attributes when the creator says Unix.
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
const UTF8_FLAG = 0x800;
// 1980-01-01 00:00, the earliest DOS date: a fixed stamp keeps the output reproducible.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** A zip (local headers, central directory, end record; no zip64) holding exactly the given entries. */
export function writeRawZip(entries: RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? Buffer.from(entry.name, 'utf8') : entry.name;
    const deflate = entry.method === 'deflate';
    const body = entry.compressedBody ?? (deflate ? deflateRawSync(entry.data) : entry.data);
    const size = entry.declaredUncompressedSize ?? entry.data.length;
    const mode = entry.unixMode ?? (name.at(-1) === 0x2f ? 0o40755 : 0o100644);

    // The fields shared by both headers, from "version needed" to "name length", in order.
    const common = Buffer.alloc(26);
    common.writeUInt16LE(VERSION_NEEDED, 0);
    common.writeUInt16LE(entry.utf8Flag ? UTF8_FLAG : 0, 2);
    common.writeUInt16LE(deflate ? 8 : 0, 4);
    common.writeUInt16LE(DOS_TIME, 6);
    common.writeUInt16LE(DOS_DATE, 8);
    common.writeUInt32LE(crc32(entry.data), 10);
    common.writeUInt32LE(body.length, 14);
    common.writeUInt32LE(size, 18);
    common.writeUInt16LE(name.length, 22);
    common.writeUInt16LE(0, 24); // extra field length

    const local = Buffer.alloc(4);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    locals.push(local, common, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_HEADER, 0);
    central.writeUInt16LE(VERSION_MADE_BY, 4);
    common.copy(central, 6);
    // Bytes 32–37 (comment length, disk number, internal attributes) stay zero.
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + common.length + name.length + body.length;
  }

  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8); // entries on this disk
  end.writeUInt16LE(entries.length, 10); // entries in total
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

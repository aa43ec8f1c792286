import iconv from 'iconv-lite';
import { ImportRefusedError } from '../errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Zip entry names are bytes. The spec says cp437 unless the UTF-8 flag is set,
 * but many zip tools (Slack's included) write UTF-8 without the flag. Bytes that
 * form valid UTF-8 are read as UTF-8 (cp437 text with accents almost never is);
 * anything else is cp437. Names are compared in NFC: macOS writes accents decomposed.
 */
export function decodeEntryName(raw: Buffer, utf8Flag: boolean): string {
  if (utf8Flag) return raw.toString('utf8').normalize('NFC');
  try {
    return utf8.decode(raw).normalize('NFC');
  } catch {
    return iconv.decode(raw, 'cp437').normalize('NFC');
  }
}

/** A name as it appears in messages: quoted, with control characters made visible. */
export function quoteName(name: string): string {
  return JSON.stringify(name);
}

/**
 * Refuses names that would escape a folder if anyone ever extracted them:
 * the archive is never extracted, but such names only come from hostile zips.
 */
export function assertSafeEntryName(name: string): void {
  const normalised = name.replace(/\\/g, '/');
  if (normalised.startsWith('/') || /^[a-zA-Z]:/.test(normalised)) {
    throw new ImportRefusedError(`entry ${quoteName(name)} has an absolute path; refusing this archive`);
  }
  if (normalised.split('/').some((part) => part === '..')) {
    throw new ImportRefusedError(`entry ${quoteName(name)} climbs out of the archive with ".."; refusing this archive`);
  }
  if (name.includes('\0')) {
    throw new ImportRefusedError(`entry ${quoteName(name)} contains a NUL character; refusing this archive`);
  }
}

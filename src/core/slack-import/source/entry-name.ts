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
 * Text from the export as it may reach a terminal: control characters (an ANSI
 * escape in a folder name, a newline in a channel name) written as escapes, so
 * that a line of the summary stays one line and cannot drive the terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => {
    const code = char.charCodeAt(0);
    if (char === '\n') return '\\n';
    if (char === '\t') return '\\t';
    if (char === '\r') return '\\r';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * Refuses names that would escape a folder if anyone ever extracted them:
 * the archive is never extracted, but such names only come from hostile zips.
 */
export function assertSafeEntryName(name: string): void {
  const normalised = name.replace(/\\/g, '/');
  // `C:/…` is absolute on Windows; `x:…` without a slash is an ordinary name (Slack exports hold channels named so).
  if (normalised.startsWith('/') || /^[a-zA-Z]:\//.test(normalised)) {
    throw new ImportRefusedError(`entry ${quoteName(name)} has an absolute path; refusing this archive`);
  }
  if (normalised.split('/').some((part) => part === '..')) {
    throw new ImportRefusedError(`entry ${quoteName(name)} climbs out of the archive with ".."; refusing this archive`);
  }
  if (name.includes('\0')) {
    throw new ImportRefusedError(`entry ${quoteName(name)} contains a NUL character; refusing this archive`);
  }
}

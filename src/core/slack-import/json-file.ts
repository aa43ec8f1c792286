import { EntryError } from './errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Measures nesting on the raw bytes before parsing: JSON.parse itself copes
 * with deep input, but everything that walks the result afterwards recurses.
 */
function exceedsDepth(bytes: Uint8Array, maxDepth: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      if (++depth > maxDepth) return i;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) depth--;
  }
  return undefined;
}

function firstInvalidUtf8Offset(data: Buffer): number {
  const lenient = new TextDecoder('utf-8').decode(data);
  const index = lenient.indexOf('\uFFFD');
  return index < 0 ? 0 : Buffer.byteLength(lenient.slice(0, index));
}

/** Parses one JSON file of the export; every failure names the file and where it went wrong. */
export function parseJsonFile(path: string, data: Buffer, maxDepth: number): unknown {
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    throw new EntryError(path, `is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8Offset(data)})`);
  }
  const tooDeep = exceedsDepth(data, maxDepth);
  if (tooDeep !== undefined) {
    throw new EntryError(path, `nests arrays or objects more than ${maxDepth} levels deep (at byte ${tooDeep}; limit IMPORT_MAX_JSON_DEPTH)`);
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const message = (error as Error).message;
    if (message.includes('position')) throw new EntryError(path, `is not valid JSON: ${message}`);
    if (message.includes('end of JSON input')) throw new EntryError(path, `is not valid JSON: it ends early, at position ${text.length} (truncated file?)`);
    throw new EntryError(path, `is not valid JSON: ${message}`);
  }
}

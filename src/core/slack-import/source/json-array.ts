import { Tokenizer, TokenParser, TokenType } from '@streamparser/json';
import { EntryError } from '../errors.ts';
import { describeJsonError, firstInvalidUtf8Offset } from './json-file.ts';

/**
 * Up to this size a file is parsed whole with JSON.parse, about twice as fast
 * as the streaming parser: the memory it costs is bounded by this constant,
 * not by the file. Larger files, and any file that does not parse, are read
 * as a stream.
 */
export const WHOLE_FILE_BYTES = 1024 * 1024;

/** Called for each element of the top-level array, in order; may wait (the reader then waits too). */
export type OnElement = (value: unknown, index: number) => void | Promise<void>;

/** Bytes at the end of a chunk that start a UTF-8 sequence the next chunk completes. */
function incompleteTail(chunk: Buffer): number {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const byte = chunk[chunk.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

const NOT_AN_ARRAY: Record<string, string> = { '{': 'an object', '"': 'a string', n: 'null', t: 'true', f: 'false' };

/**
 * What a streamed file may hold at once, so that its memory stays bounded by one
 * element whatever the file holds: Slack writes messages of at most 40,000
 * characters and nests a few levels deep, and a channel of half a million members
 * fits in an element of 8 MiB. Past these, the file is damaged or hostile: it
 * breaks there, as a truncated file does, and what came before it is kept.
 */
export const STREAM_BOUNDS = { maxDepth: 256, maxTokenBytes: 4 * 1024 * 1024, maxElementBytes: 8 * 1024 * 1024 } as const;

/**
 * Reads a JSON file whose top level is an array, one element at a time: memory
 * is bounded by the largest element, not by the file (a day file of 300 MB, a
 * users.json of 100 MB). Elements read before a break (truncated file, bad
 * byte, bad syntax) are given all the same; the break comes back as an
 * EntryError naming the file and where it happened, or null for a whole file.
 * An EntryError of `onElement` (an element nested too deeply to be read) ends
 * the file the same way; its other errors are not caught.
 */
export async function readJsonArray(path: string, size: number, chunks: AsyncIterable<Buffer>, onElement: OnElement): Promise<EntryError | null> {
  if (size > WHOLE_FILE_BYTES) return streamArray(path, chunks, onElement, undefined);
  const held: Buffer[] = [];
  let failure: EntryError | null = null;
  try {
    for await (const chunk of chunks) held.push(chunk);
  } catch (error) {
    if (!(error instanceof EntryError)) throw error;
    failure = error;
  }
  const data = Buffer.concat(held);
  if (failure === null) {
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
    } catch {
      // Read again as a stream below: it keeps what comes before the problem and says where it is.
    }
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        await onElement(value[index], index);
        // Let the element go as soon as it is read.
        value[index] = undefined;
      }
      return null;
    }
  }
  const found = await streamArray(path, [data], onElement, data);
  return failure ?? found;
}

async function streamArray(path: string, chunks: Iterable<Buffer> | AsyncIterable<Buffer>, onElement: OnElement, whole: Buffer | undefined): Promise<EntryError | null> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // JSONParser's two halves, wired as it wires them, with the bounds checked on each token between them.
  const parser = new Tokenizer();
  const tokens = new TokenParser({ paths: ['$.*'], keepStack: false });
  let elements: unknown[] = [];
  tokens.onValue = ({ value }) => void elements.push(value);
  tokens.onError = parser.error.bind(parser);
  parser.onEnd = () => {
    if (!tokens.isEnded) tokens.end();
  };
  tokens.onEnd = () => {
    if (!parser.isEnded) parser.end();
  };
  let depth = 0;
  /** Where the last token and the element being read began, in bytes of the file. */
  let lastToken = 0;
  let elementStart = 0;
  parser.onToken = (token) => {
    lastToken = token.offset;
    if (token.token === TokenType.LEFT_BRACE || token.token === TokenType.LEFT_BRACKET) {
      depth += 1;
      if (depth === 2) elementStart = token.offset;
      if (depth > STREAM_BOUNDS.maxDepth) throw new EntryError(path, `nests arrays or objects more than ${STREAM_BOUNDS.maxDepth} deep at byte ${token.offset}: not a Slack export's file`);
    } else if (token.token === TokenType.RIGHT_BRACE || token.token === TokenType.RIGHT_BRACKET) depth -= 1;
    else if (depth === 1) elementStart = token.offset;
    if (depth >= 2 && token.offset - elementStart > STREAM_BOUNDS.maxElementBytes) {
      throw new EntryError(path, `holds an element over ${STREAM_BOUNDS.maxElementBytes / 1024 ** 2} MiB from byte ${elementStart}: not a Slack export's file`);
    }
    tokens.write(token);
  };
  let index = 0;
  let bytes = 0;
  let tail = Buffer.alloc(0);
  let opened = false;
  const give = async () => {
    const ready = elements;
    elements = [];
    for (const value of ready) await onElement(value, index++);
  };
  const describe = (error: Error, from: number): EntryError => {
    if (whole) return new EntryError(path, `is not valid JSON: ${describeJsonError(new TextDecoder().decode(whole).replace(/^\uFEFF/, ''), error)}`);
    const at = /absolute position "(\d+)"/.exec(error.message);
    if (at) return new EntryError(path, `is not valid JSON: unexpected character at byte ${Number(at[1])}`);
    if (/ended in (mid-parsing|the middle)/.test(error.message)) return new EntryError(path, `is not valid JSON: it ends early, at byte ${bytes}; truncated file?`);
    return new EntryError(path, `is not valid JSON: ${error.message.replace(/ in state \w+$/, '')} (between bytes ${from} and ${bytes})`);
  };
  try {
    for await (const chunk of chunks) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        return new EntryError(path, `is not valid UTF-8 (first bad byte at offset ${bytes - tail.length + firstInvalidUtf8Offset(Buffer.concat([tail, chunk]))})`);
      }
      const from = bytes;
      bytes += chunk.length;
      tail = Buffer.from(chunk.subarray(chunk.length - incompleteTail(chunk)));
      if (!opened) {
        const first = /\S/.exec(text)?.[0];
        if (first === undefined) continue;
        if (first !== '[') return new EntryError(path, `expected a JSON array, found ${NOT_AN_ARRAY[first] ?? 'a single value'}`);
        opened = true;
      }
      try {
        parser.write(text);
        // A string, a number or blank space that goes on for megabytes emits no token: the parser would hold it whole.
        if (bytes - lastToken > STREAM_BOUNDS.maxTokenBytes) {
          throw new EntryError(path, `holds a value over ${STREAM_BOUNDS.maxTokenBytes / 1024 ** 2} MiB from byte ${lastToken}: not a Slack export's file`);
        }
      } catch (error) {
        await give();
        if (error instanceof EntryError) return error;
        return describe(error as Error, from);
      }
      await give();
    }
    try {
      decoder.decode();
    } catch {
      return new EntryError(path, `is not valid UTF-8 (first bad byte at offset ${bytes - tail.length})`);
    }
    if (!opened) return new EntryError(path, 'is empty: expected a JSON array');
    if (!parser.isEnded) {
      try {
        parser.end();
      } catch (error) {
        await give();
        return describe(error as Error, bytes);
      }
    }
    return null;
  } catch (error) {
    // A file that breaks while it is read (a damaged zip entry): what came before it stays.
    if (!(error instanceof EntryError)) throw error;
    await give();
    return error;
  }
}

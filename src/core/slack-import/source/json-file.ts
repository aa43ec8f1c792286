import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { EntryError } from '../errors.ts';

const lenientUtf8 = new TextDecoder('utf-8');
const REPLACEMENT = 0xfffd;
const REPLACEMENT_BYTES = Buffer.from('\uFFFD');

/**
 * Offset of the first byte that is not UTF-8: decoding leniently turns each bad
 * sequence into U+FFFD, so walk the decoded text and the bytes side by side and
 * stop at the first U+FFFD the bytes do not actually spell.
 */
export function firstInvalidUtf8Offset(data: Buffer): number {
  let offset = 0;
  for (const char of lenientUtf8.decode(data)) {
    const codePoint = char.codePointAt(0)!;
    if (codePoint === REPLACEMENT && !data.subarray(offset, offset + 3).equals(REPLACEMENT_BYTES)) return offset;
    offset += Buffer.byteLength(char);
  }
  return offset;
}

/** jsonc-parser's codes in words; anything rarer keeps its code name. */
const JSON_PROBLEMS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  ValueExpected: 'a value is missing',
  PropertyNameExpected: 'a property name is missing',
  ColonExpected: 'a colon is missing',
  CommaExpected: 'a comma is missing',
  CloseBraceExpected: 'a closing brace is missing',
  CloseBracketExpected: 'a closing bracket is missing',
  UnexpectedEndOfString: 'a string is not closed',
  InvalidEscapeCharacter: 'invalid escape in a string',
  InvalidCharacter: 'invalid character in a string',
  EndOfFileExpected: 'unexpected content after the end',
};

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line} column ${offset - before.lastIndexOf('\n')}`;
}

/**
 * Where JSON.parse gave up. V8 names a position for some errors only, so the
 * failing text (the slow path, used once per broken file) goes through a
 * tolerant parser that always reports the offset of the first problem.
 */
export function describeJsonError(text: string, error: Error): string {
  const errors: ParseError[] = [];
  parseTolerant(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return error.message;
  if (first.offset >= text.length) return `it ends early, at position ${text.length} (${lineAndColumn(text, text.length)}); truncated file?`;
  const code = printParseErrorCode(first.error);
  return `${JSON_PROBLEMS[code] ?? code} at position ${first.offset} (${lineAndColumn(text, first.offset)})`;
}

/** Runs work on a parsed file; absurdly deep nesting (a stack overflow while walking it) becomes a clear error. */
export function withinDepth<T>(path: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof RangeError) throw new EntryError(path, 'nests arrays or objects too deeply to be read');
    throw error;
  }
}

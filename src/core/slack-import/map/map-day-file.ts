import type { StoredFile } from '../source/stored-file.ts';
import { storedBytes } from '../source/stored-file.ts';
import { readJsonArray } from '../source/json-array.ts';
import { withinDepth } from '../source/json-file.ts';
import type { Skipped } from '../layout/layout.ts';
import { IgnoredFields, type IgnoredField } from '../ignored-fields.ts';
import { readRecord } from '../read-record.ts';
import { mapMessage, type MappedMessage } from './map-message.ts';
import type { RenderContext } from './render-context.ts';
import { slackMessageSchema, type SlackMessage } from '../schemas.ts';
import { authorSeenIn, type AuthorSeen } from './author-seen.ts';
import { EntryError } from '../errors.ts';
import { fileSkips } from '../file-skips.ts';

/** One part of a day file, mapped: a whole day file of ordinary size, or a slice of a huge one. */
export interface MappedDayFile {
  mapped: MappedMessage[];
  skipped: Skipped[];
  ignoredFields: IgnoredField[];
  /** Messages left out because their ts was missing or unusable (each also in `skipped`). */
  dropped: number;
  /** Authors as their messages describe them, once each: who they are when users.json does not say. */
  authors: AuthorSeen[];
  /** Set on the last part of a file that could not be read to its end: its break is in `skipped`. */
  broken: boolean;
}

/**
 * Messages handed on together. A day file of ordinary size is one part; a
 * huge one (50,000 messages a day, or a crafted 300 MB file) goes in parts of
 * this many, so that mapping it never holds more than one part.
 */
export const PART_MESSAGES = 2_000;

/** Long texts are cut in skip lines; the start is enough to find the message again. */
const QUOTED_TEXT = 500;

function quotedText(message: SlackMessage): string {
  const text = message.text ?? message.comment?.comment ?? '';
  return JSON.stringify(text.length > QUOTED_TEXT ? `${text.slice(0, QUOTED_TEXT)}…` : text);
}

/**
 * Reads and maps one day file as it streams in, handing each part to `onPart`
 * (and waiting for it) before reading on. A field that does not fit is left out
 * of its message, and a message without a usable ts is skipped and named; the
 * rest of the file is kept, and so are the messages before a break in the file
 * (a truncated or damaged file), the break being named. A message listed twice
 * is kept once; of two different messages with one ts (the key of a message in
 * its channel) the later is kept and the earlier is named with both texts:
 * here within a part, by the writer across parts and day files.
 */
export async function mapDayFile(
  path: string,
  file: StoredFile,
  channelId: string,
  context: RenderContext,
  onPart: (part: MappedDayFile, last: boolean) => Promise<void> | void,
  partMessages = PART_MESSAGES,
): Promise<void> {
  let skipped: Skipped[] = [];
  let ignored = new IgnoredFields();
  let byTs = new Map<string, { mapped: MappedMessage; source: SlackMessage }>();
  let authors = new Map<string, AuthorSeen>();
  let dropped = 0;
  const skips = fileSkips(path);
  const name = (line: Skipped) => skips.name(line, skipped);
  const part = (broken: boolean): MappedDayFile => {
    const done = { mapped: [...byTs.values()].map(({ mapped }) => mapped), skipped, ignoredFields: ignored.list(), dropped, authors: [...authors.values()], broken };
    skipped = [];
    ignored = new IgnoredFields();
    byTs = new Map();
    authors = new Map();
    dropped = 0;
    return done;
  };
  const onMessage = async (raw: unknown, index: number) => {
    const item = `${path} [${index}]`;
    const read = withinDepth(path, () => readRecord(slackMessageSchema, raw, 'ts', { file: 'day files', item }, ignored));
    if (!read.ok) {
      dropped += 1;
      name({ item, reason: read.reason });
      return;
    }
    const message = read.record;
    const mapped = withinDepth(path, () => mapMessage(channelId, message, context));
    const known = byTs.get(message.ts);
    if (known && known.mapped.message.sourceHash !== mapped.message.sourceHash) {
      name({
        item,
        reason: `a second, different message with the ts ${message.ts}: the later one is kept, the earlier one is replaced (earlier text ${quotedText(known.source)}, later ${quotedText(message)})`,
      });
    }
    // Deleted first: the later one takes the place of the earlier in the file's order.
    byTs.delete(message.ts);
    byTs.set(message.ts, { mapped, source: message });
    const author = authorSeenIn(message);
    if (author && !authors.has(author.id)) authors.set(author.id, author);
    if (byTs.size >= partMessages) await onPart(part(false), false);
  };
  let broken: EntryError | null;
  try {
    broken = await readJsonArray(path, file.size, storedBytes(path, file), onMessage);
  } catch (error) {
    if (!(error instanceof EntryError)) throw error;
    broken = error;
  }
  const rest = skips.rest();
  if (rest) skipped.push(rest);
  if (broken) skipped.push({ item: broken.path, reason: broken.message.slice(broken.path.length + 2) });
  await onPart(part(broken !== null), true);
}

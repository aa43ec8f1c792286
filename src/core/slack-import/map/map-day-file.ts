import { EntryError } from '../errors.ts';
import type { ReadFile } from '../source/export-source.ts';
import { inflateFile } from '../source/inflate-file.ts';
import { parseJsonFile, withinDepth } from '../source/json-file.ts';
import type { Skipped } from '../layout/layout.ts';
import { IgnoredFields, type IgnoredField } from '../ignored-fields.ts';
import { readRecord } from '../read-record.ts';
import { mapMessage, type MappedMessage } from './map-message.ts';
import type { RenderContext } from './render-context.ts';
import { slackMessageSchema, type SlackMessage } from '../schemas.ts';
import { authorSeenIn, type AuthorSeen } from './author-seen.ts';

export interface MappedDayFile {
  mapped: MappedMessage[];
  skipped: Skipped[];
  ignoredFields: IgnoredField[];
  /** Messages left out because their ts was missing or unusable (each also in `skipped`). */
  dropped: number;
  /** Authors as their messages describe them, once each: who they are when users.json does not say. */
  authors: AuthorSeen[];
}

/** Long texts are cut in skip lines; the start is enough to find the message again. */
const QUOTED_TEXT = 500;

function quotedText(message: SlackMessage): string {
  const text = message.text ?? message.comment?.comment ?? '';
  return JSON.stringify(text.length > QUOTED_TEXT ? `${text.slice(0, QUOTED_TEXT)}…` : text);
}

/**
 * Parses, reads and maps one day file. A field that does not fit is left out of
 * its message, and a message without a usable ts is skipped and named; the rest
 * of the file is kept. A message listed twice is kept once; of two different
 * messages with one ts (the key of a message in its channel) the later is kept,
 * as when they are in two day files, and the earlier is named with both texts.
 */
export function mapDayFile(path: string, file: ReadFile, channelId: string, context: RenderContext): MappedDayFile {
  const value = parseJsonFile(path, inflateFile(path, file));
  if (!Array.isArray(value)) throw new EntryError(path, 'expected a JSON array of messages');
  const skipped: Skipped[] = [];
  const ignored = new IgnoredFields();
  const byTs = new Map<string, { mapped: MappedMessage; source: SlackMessage }>();
  const authors = new Map<string, AuthorSeen>();
  let dropped = 0;
  withinDepth(path, () =>
    value.forEach((raw, index) => {
      const item = `${path} [${index}]`;
      const read = readRecord(slackMessageSchema, raw, 'ts', { file: 'day files', item }, ignored);
      if (!read.ok) {
        dropped += 1;
        skipped.push({ item, reason: read.reason });
        return;
      }
      const message = read.record;
      const mapped = mapMessage(channelId, message, context);
      const known = byTs.get(message.ts);
      if (known && known.mapped.message.sourceHash !== mapped.message.sourceHash) {
        skipped.push({
          item,
          reason: `a second, different message with the ts ${message.ts}: the later one is kept, the earlier one is replaced (earlier text ${quotedText(known.source)}, later ${quotedText(message)})`,
        });
      }
      // Deleted first: the later one takes the place of the earlier in the file's order.
      byTs.delete(message.ts);
      byTs.set(message.ts, { mapped, source: message });
      const author = authorSeenIn(message);
      if (author && !authors.has(author.id)) authors.set(author.id, author);
    }),
  );
  return { mapped: [...byTs.values()].map(({ mapped }) => mapped), skipped, ignoredFields: ignored.list(), dropped, authors: [...authors.values()] };
}

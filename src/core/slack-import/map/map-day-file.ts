import { EntryError } from '../errors.ts';
import type { ReadFile } from '../source/export-source.ts';
import { inflateFile } from '../source/inflate-file.ts';
import { parseJsonFile, withinDepth } from '../source/json-file.ts';
import type { Skipped } from '../layout/layout.ts';
import { mapMessage, type MappedMessage } from './map-message.ts';
import type { RenderContext } from './render-context.ts';
import { describeIssues, slackMessageSchema } from '../schemas.ts';

export interface MappedDayFile {
  mapped: MappedMessage[];
  skipped: Skipped[];
}

/**
 * Parses, validates and maps one day file. A message that does not validate is
 * skipped and reported; the rest of the file is kept. A message listed twice
 * keeps its last version.
 */
export function mapDayFile(path: string, file: ReadFile, channelId: string, context: RenderContext): MappedDayFile {
  const value = parseJsonFile(path, inflateFile(path, file));
  if (!Array.isArray(value)) throw new EntryError(path, 'expected a JSON array of messages');
  const skipped: Skipped[] = [];
  const byTs = new Map<string, MappedMessage>();
  withinDepth(path, () =>
    value.forEach((raw, index) => {
      const parsed = slackMessageSchema.safeParse(raw);
      if (parsed.success) byTs.set(parsed.data.ts, mapMessage(channelId, parsed.data, context));
      else skipped.push({ item: `${path} [${index}]`, reason: describeIssues(parsed.error) });
    }),
  );
  return { mapped: [...byTs.values()], skipped };
}

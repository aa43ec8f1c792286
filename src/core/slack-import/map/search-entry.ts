import { documentOf, isSearchable, yearIn } from '../../search/documents.ts';
import { indexEntryOf } from '../../search/embedded/index-entry.ts';
import type { IndexEntryOf } from '../pack/packed-day-file.ts';

/** How a map worker prepares the embedded search index's entry of each message it maps. */
export function searchEntryMaker(timeZone: string): IndexEntryOf {
  const year = yearIn(timeZone);
  return (message) =>
    isSearchable(message.subtype)
      ? indexEntryOf(
          documentOf(
            {
              channelId: message.channelId,
              ts: message.ts,
              tsMs: message.tsMs,
              userId: message.userId ?? null,
              plain: message.plain,
              hasFiles: message.hasFiles === true,
              hasLinks: message.hasLinks === true,
              hasReactions: message.hasReactions === true,
              threadTs: message.threadTs ?? null,
            },
            year,
          ),
        )
      : null;
}

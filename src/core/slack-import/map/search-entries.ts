import { documentOf, isSearchable, yearIn } from '../../search/documents.ts';
import { entryPreparerFor } from '../../search/entry-preparers.ts';
import type { EntrySpec } from '../../search/import-indexing.ts';
import type { EntryPacking } from '../pack/packed-day-file.ts';

/** How a map worker prepares each message's search index entry, from the shared search document, for the engine the spec names. */
export function searchEntries(spec: EntrySpec): EntryPacking {
  const year = yearIn(spec.timeZone);
  const prepare = entryPreparerFor(spec);
  return {
    width: spec.width,
    valuesOf: (message) =>
      isSearchable(message.subtype)
        ? prepare(
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
                subtype: message.subtype ?? null,
                botId: message.botId ?? null,
              },
              year,
            ),
          )
        : null,
  };
}

import { canReadChannel, type Reader } from '../../core/archive/access.ts';
import { locateMessage } from '../../core/archive/locate-message.ts';
import type { Db } from '../../core/db/client.ts';
import type { Locale } from '../../core/i18n/index.ts';
import { archiveRoutes } from '../../core/routes.ts';

/**
 * Where a message's permalink leads, in a given language: a reply opens in its
 * thread, any other message in its channel. Where a message sits is itself
 * information (a reply's thread names its root): only readers of the channel
 * learn it. Anyone else goes exactly where an unknown message sends them, the
 * channel page, which then answers for itself (sign in, or 404).
 */
export async function permalinkPath(db: Db, reader: Reader, channelId: string, ts: string): Promise<(locale: Locale) => string> {
  const readable = await canReadChannel(db, reader, channelId);
  const location = readable ? await locateMessage(db, channelId, ts) : null;
  const threadTs = location?.threadTs;
  return (locale) => (threadTs ? archiveRoutes(locale).thread(channelId, threadTs, ts) : archiveRoutes(locale).channel(channelId, { at: ts }));
}

import type Libsql from 'libsql';
import { channelContextOf, MAX_CHANNEL_WORDS } from '../word-forms.ts';
import { LENGTH_FILLER } from './match-expression.ts';

/**
 * What every message of a channel carries in the index's `context` column of
 * its channel's topic and purpose (word-forms.ts channelContextOf), read from
 * the archive once per channel and batch: a batch is small, and a topic an
 * import has just changed is read fresh by the next one.
 */
export class ChannelContext {
  readonly #db: Libsql.Database;
  readonly #about = new Map<string, string>();
  /** Null where no archive lies beside the index (an index opened on its own): no channel, no context. */
  #read: Libsql.Statement | null | undefined;

  constructor(db: Libsql.Database) {
    this.#db = db;
  }

  of(channelId: string): string {
    let about = this.#about.get(channelId);
    if (about === undefined) {
      if (this.#read === undefined) {
        const archived = this.#db.prepare("SELECT 1 FROM pragma_table_info('channels') WHERE name = 'purpose'").get() !== undefined;
        this.#read = archived ? this.#db.prepare('SELECT topic, purpose FROM channels WHERE id = ?') : null;
      }
      // A row, not a plucked value: libsql's get() ignores pluck().
      const row = this.#read?.get(channelId) as { topic?: unknown; purpose?: unknown } | undefined;
      const text = [row?.topic, row?.purpose].filter((part): part is string => typeof part === 'string').join(' ');
      about = channelContextOf(text).join(' ');
      this.#about.set(channelId, about);
    }
    return about;
  }

  /** Forgets what was read: the next batch reads topics again. */
  forget(): void {
    this.#about.clear();
  }
}

/** A reply's thread context and its channel's, one bag of words. */
export function withChannel(thread: string, channel: string): string {
  return thread === '' ? channel : channel === '' ? thread : `${thread} ${channel}`;
}

/**
 * A message's meta tokens, made up to the same length for every channel: bm25 reads a message's length over all
 * its columns, so a channel with a long purpose would otherwise push all its messages below those of a channel
 * without one (measured on the judged sets). Every message carries MAX_CHANNEL_WORDS of channel context, words or filler.
 */
export function withChannelLength(meta: string, channel: string): string {
  const words = channel === '' ? 0 : channel.split(' ').length;
  const missing = Math.max(0, MAX_CHANNEL_WORDS - words);
  return missing === 0 ? meta : `${meta}${` ${LENGTH_FILLER}`.repeat(missing)}`;
}

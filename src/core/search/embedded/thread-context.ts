import type Libsql from 'libsql';
import { foldWords } from '../fold.ts';
import { contextOf, formsOf } from '../word-forms.ts';
import type { IndexEntry } from './index-entry.ts';
import { metaToken } from './match-expression.ts';

/** Roots kept at hand: replies mostly follow their root closely, and each one found here is a lookup saved. */
const ROOTS_KEPT = 20_000;

/**
 * What a reply carries of its thread's root in the index (the `context` column):
 * a short answer is often found only through the question it answers. Roots
 * indexed by the same writer are remembered as they come (an import stages a
 * root before its replies, the day files being read oldest first); any other
 * root is read from the archive. A root that is not there gives no context.
 * The thread never leaves its channel, so context never crosses an access boundary.
 */
export class ThreadContext {
  readonly #roots = new Map<string, string>();
  readonly #db: Libsql.Database;
  #read: Libsql.Statement | undefined;

  constructor(db: Libsql.Database) {
    this.#db = db;
  }

  /** Notes a thread root as it is staged. */
  remember(entry: IndexEntry): void {
    if (entry.rootTs !== null || !entry.meta.split(' ').includes(metaToken.thread)) return;
    if (this.#roots.size >= ROOTS_KEPT) this.#roots.delete(this.#roots.keys().next().value!);
    const words = entry.body === '' ? [] : entry.body.split(' ');
    this.#roots.set(`${entry.channelId}\u0000${entry.ts}`, contextOf(words, entry.forms === '' ? [] : entry.forms.split(' ')).join(' '));
  }

  /** The context of a reply to the root at (channelId, rootTs). */
  of(channelId: string, rootTs: string): string {
    const key = `${channelId}\u0000${rootTs}`;
    let context = this.#roots.get(key);
    if (context === undefined) {
      this.#read ??= this.#db.prepare('SELECT plain FROM messages WHERE channel_id = ? AND ts = ?');
      // A row, not a plucked value: libsql's get() ignores pluck().
      const plain = (this.#read.get(channelId, rootTs) as { plain?: unknown } | undefined)?.plain;
      const text = typeof plain === 'string' ? plain : '';
      const words = foldWords(text);
      context = text === '' ? '' : contextOf(words, formsOf(text, words)).join(' ');
      if (this.#roots.size >= ROOTS_KEPT) this.#roots.delete(this.#roots.keys().next().value!);
      this.#roots.set(key, context);
    }
    return context;
  }
}

import type Libsql from 'libsql';
import type { MessageKey, SearchDocument } from '../documents.ts';
import { firstValue } from '../../db/first-value.ts';
import { foldWords } from '../fold.ts';
import { metaTokens } from './match-expression.ts';
import { baseSearchId } from './search-id.ts';

/** Writes documents into one set of index tables (the live ones, or a reindex's fresh copy). */
export class IndexWriter {
  readonly #statements;

  constructor(db: Libsql.Database, suffix = '') {
    this.#statements = {
      findByKey: db.prepare(`SELECT id FROM search_docs${suffix} WHERE channel_id = ? AND ts = ?`),
      insertDoc: db.prepare(`INSERT INTO search_docs${suffix} (id, channel_id, ts, author_id, year) VALUES (?, ?, ?, ?, ?)`),
      insertFts: db.prepare(`INSERT INTO search_fts${suffix} (rowid, body, meta) VALUES (?, ?, ?)`),
      deleteDoc: db.prepare(`DELETE FROM search_docs${suffix} WHERE id = ?`),
      deleteFts: db.prepare(`DELETE FROM search_fts${suffix} WHERE rowid = ?`),
      countTerm: db.prepare(`INSERT INTO search_terms${suffix} (term, docs) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs`),
    };
  }

  /** Must run inside a transaction. */
  write(documents: readonly SearchDocument[], removed: readonly MessageKey[]): void {
    const s = this.#statements;
    const terms = new Map<string, number>();
    for (const key of removed) this.#remove(key);
    for (const document of documents) {
      this.#remove(document);
      // Folded here rather than by FTS5: the fold goes further than unicode61 (œ → oe, ﬁ → fi), and queries fold the same way.
      const words = foldWords(document.text);
      const id = this.#insertDoc(document);
      s.insertFts.run(id, words.join(' '), metaTokens(document));
      for (const word of new Set(words)) terms.set(word, (terms.get(word) ?? 0) + 1);
    }
    // Counts only grow: a word that no longer occurs only offers a correction that finds nothing.
    for (const [term, docs] of terms) s.countTerm.run(term, docs);
  }

  /** Under the first free id from the message's instant: another channel rarely shares it, so trying is cheaper than looking. */
  #insertDoc(document: SearchDocument): number {
    for (let id = baseSearchId(document.ts); ; id++) {
      try {
        this.#statements.insertDoc.run(id, document.channelId, document.ts, document.authorId, document.year);
        return id;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error;
      }
    }
  }

  #remove(key: MessageKey): void {
    const id = firstValue<number>(this.#statements.findByKey, key.channelId, key.ts);
    if (id === undefined) return;
    this.#statements.deleteFts.run(id);
    this.#statements.deleteDoc.run(id);
  }
}

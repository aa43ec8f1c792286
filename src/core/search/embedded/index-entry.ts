import type { SqlValue } from '../../db/bulk-insert.ts';
import type { SearchDocument } from '../documents.ts';
import { foldWords } from '../fold.ts';
import { contextOf, formsOf } from '../word-forms.ts';
import { metaTokens } from './match-expression.ts';

/** One message as the embedded index stores it. Pure data: an import prepares it on its worker threads. */
export interface IndexEntry {
  channelId: string;
  ts: string;
  authorId: string | null;
  year: number;
  /** The folded words, space-separated: FTS5 then only has to split them. */
  body: string;
  /** Filter tokens (channel, author, has:, is:). */
  meta: string;
  /** The distinct words, space-separated, counted in search_terms. */
  terms: string;
  /** Other forms of the words (stems, contractions joined), space-separated: found, ranked below the words as written. */
  forms: string;
  /** The root of the thread a reply belongs to; null for anything else. The writer fills `context` from it. */
  rootTs: string | null;
  /** The root's words and forms for a reply (see word-forms.ts contextOf); when empty, the writer looks for the root. */
  context: string;
}

export function indexEntryOf(document: SearchDocument): IndexEntry {
  // Folded here rather than by FTS5: the fold goes further than unicode61 (œ → oe, ﬁ → fi), and queries fold the same way.
  const words = foldWords(document.text);
  const forms = formsOf(document.text, words);
  const rootWords = document.rootText ? foldWords(document.rootText) : null;
  // The notice's own words and forms: its filler makes it read that many times longer.
  const length = words.length + forms.length;
  return {
    channelId: document.channelId,
    ts: document.ts,
    authorId: document.authorId,
    year: document.year,
    body: words.join(' '),
    meta: metaTokens(document, length),
    terms: [...new Set(words)].join(' '),
    forms: forms.join(' '),
    rootTs: document.threadTs !== null && document.threadTs !== document.ts ? document.threadTs : null,
    // Read with its root (sync, reindex): known now. Otherwise (an import's workers) the writer finds the root.
    context: rootWords ? contextOf(rootWords, formsOf(document.rootText!, rootWords)).join(' ') : '',
  };
}

/**
 * An entry as values that cross threads with its message (see ../import-indexing.ts):
 * body first, never null, so a null there says "no entry". The key travels with the message.
 */
export const ENTRY_WIDTH = 7;

export function entryValues(document: SearchDocument): SqlValue[] {
  const entry = indexEntryOf(document);
  return [entry.body, entry.meta, entry.terms, entry.year, entry.authorId, entry.forms, entry.rootTs];
}

export function entryAt(channelId: string, ts: string, values: readonly SqlValue[], at: number): IndexEntry {
  return {
    channelId,
    ts,
    body: values[at] as string,
    meta: values[at + 1] as string,
    terms: values[at + 2] as string,
    year: values[at + 3] as number,
    authorId: values[at + 4] as string | null,
    forms: values[at + 5] as string,
    rootTs: values[at + 6] as string | null,
    context: '',
  };
}

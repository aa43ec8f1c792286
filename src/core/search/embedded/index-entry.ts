import type { SearchDocument } from '../documents.ts';
import { foldWords } from '../fold.ts';
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
}

export function indexEntryOf(document: SearchDocument): IndexEntry {
  // Folded here rather than by FTS5: the fold goes further than unicode61 (œ → oe, ﬁ → fi), and queries fold the same way.
  const words = foldWords(document.text);
  return {
    channelId: document.channelId,
    ts: document.ts,
    authorId: document.authorId,
    year: document.year,
    body: words.join(' '),
    meta: metaTokens(document),
    terms: [...new Set(words)].join(' '),
  };
}

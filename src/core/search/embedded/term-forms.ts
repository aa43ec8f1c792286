import { foldWords } from '../fold.ts';
import type { WordMatcher } from '../highlight.ts';
import type { SearchTerm } from '../query.ts';
import { queryStems, searchForm } from '../word-forms.ts';
import type { TermWithVariants } from './match-expression.ts';
import type { Tier } from './tier.ts';

/**
 * The other forms a typed term is also found under (see word-forms.ts), or
 * null when it is found as written only: a quoted phrase and a prefix are
 * taken as typed. A word: its English and French stems. Several words typed
 * as one (« can't », « e-mail »): also joined, as people write them without
 * the apostrophe or the hyphen.
 */
export function queryForms(term: SearchTerm): string[] | null {
  if (term.exact || term.prefix) return null;
  if (term.words.length === 1) return queryStems(term.words[0]!);
  return [term.words.join('')];
}

interface TierTools {
  expressionOf(terms: readonly TermWithVariants[]): string | null;
  count(expression: string): number;
  rankable(terms: readonly TermWithVariants[], matches: number): boolean;
}

/**
 * The tier between the words as typed and their typos: matches found only
 * through another form of a word, or, for a reply, through the words of the
 * thread it answers. Ranked by bm25 over every column, where those columns
 * weigh less than the words as written (match-expression.ts BM25).
 * `widest` is what it and the exact tier match together.
 */
export function formsTier(terms: readonly TermWithVariants[], exactExpression: string, exactCount: number, tools: TierTools): (Tier & { widest: string }) | null {
  if (!terms.some((term) => term.forms)) return null;
  const formTerms = terms.map((term) => ({ ...term, prefix: false, variants: [] }));
  const widest = tools.expressionOf(formTerms)!;
  const matches = tools.count(widest) - exactCount;
  if (matches <= 0) return null;
  return { expression: `(${widest}) NOT (${exactExpression})`, terms: formTerms, count: matches, ranked: tools.rankable(formTerms, matches), widest };
}


/**
 * A snippet's matcher that also marks the words found through another form
 * (« translation » for « translating »): the words of the message whose forms
 * are among the query's. Without forms in the query, the matcher as it is.
 */
export function formsMatcher(base: WordMatcher, terms: readonly TermWithVariants[]): (text: string) => WordMatcher {
  const wanted = new Set<string>();
  for (const term of terms) {
    if (!term.forms || term.words.length !== 1) continue;
    wanted.add(term.words[0]!);
    for (const form of term.forms) wanted.add(form);
  }
  if (wanted.size === 0) return () => base;
  return (text) => {
    const words = new Set(base.words);
    for (const word of foldWords(text)) {
      if (words.has(word)) continue;
      if (wanted.has(searchForm(word)) || queryStems(word).some((form) => wanted.has(form))) words.add(word);
    }
    return { ...base, words };
  };
}

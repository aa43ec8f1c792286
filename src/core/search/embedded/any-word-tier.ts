import { matchExpression, type TermWithVariants } from './match-expression.ts';
import type { Tier } from './tier.ts';

interface TierTools {
  expressionOf(terms: readonly TermWithVariants[]): string | null;
  count(expression: string): number;
  rankable(terms: readonly TermWithVariants[], matches: number): boolean;
}

/**
 * The last tier of a relaxed search, when leaving out the words that say least
 * still fills no page: messages holding any of the words, ranked by bm25 over
 * all of them, so the messages holding more of them, and the rarer ones, come
 * first (« charte révisée conservation » finds the messages on the charter and
 * its data conservation when a single one holds « révisée »). Phrases,
 * exclusions, filters and access still hold on every match. Only when it can be
 * ranked in time: newest first, it would list any message holding a common word.
 * `widest` is what every tier matches together.
 */
export function anyWordTier(
  terms: readonly TermWithVariants[],
  relaxable: readonly TermWithVariants[],
  widest: string,
  tools: TierTools,
): (Tier & { widest: string }) | null {
  if (relaxable.length < 2) return null;
  const fixed = terms.filter((term) => !relaxable.includes(term));
  const any = relaxable.map((term) => `(${tools.expressionOf([...fixed, term])!})`).join(' OR ');
  const expression = `(${any}) NOT (${widest})`;
  const matches = tools.count(expression);
  if (matches === 0 || !tools.rankable(relaxable, matches)) return null;
  const words = (tierTerms: readonly TermWithVariants[]) => matchExpression({ terms: tierTerms, excluded: [], channelIds: null, authorIds: null, has: [], isThread: false, access: null })!;
  const score = relaxable.map((term) => `(${words([...fixed, term])})`).join(' OR ');
  return { expression, terms, count: matches, ranked: true, byWords: true, score, widest: `(${widest}) OR (${any})` };
}

import type { TermWithVariants } from './match-expression.ts';
import type { Tier } from './tier.ts';

/** Words this close (tokens between them) read as one thought: Meilisearch's proximity rule counts up to about this far. */
const NEAR_DISTANCE = 6;

interface TierTools {
  count(expression: string): number;
  rankable(terms: readonly TermWithVariants[], matches: number): boolean;
}

/**
 * The exact tier split by proximity, as Meilisearch's `proximity` rule orders
 * matches right after words and typos: the messages where the typed words stand
 * close together first (« reset the ledger » before a log where « reset » and
 * « ledger » are lines apart), then the others. Null when there is nothing to
 * split (fewer than two terms) or no message holds the words close together.
 */
export function proximityTiers(exact: Tier, tools: TierTools): [Tier, Tier] | null {
  if (exact.terms.length < 2 || exact.terms.length > 6 || exact.count <= 1) return null;
  const near = `body : NEAR(${exact.terms.map((term) => `"${term.words.join(' ').replaceAll('"', '""')}"`).join(' ')}, ${NEAR_DISTANCE})`;
  const close = `(${exact.expression}) AND (${near})`;
  const matches = tools.count(close);
  if (matches === 0 || matches === exact.count) return null;
  return [
    { expression: close, terms: exact.terms, count: matches, ranked: exact.ranked && tools.rankable(exact.terms, matches) },
    { expression: `(${exact.expression}) NOT (${near})`, terms: exact.terms, count: exact.count - matches, ranked: exact.ranked },
  ];
}

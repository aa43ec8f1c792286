import type { TermWithVariants } from './match-expression.ts';

/** Matches listed together: an expression, the words bm25 scores them by, how many, and whether they can be ranked in time. */
export interface Tier {
  expression: string;
  terms: readonly TermWithVariants[];
  count: number;
  ranked: boolean;
  /** Scored by its own words only (rank()), not by every phrase of its expression. */
  byWords?: boolean;
  /** What bm25 scores its matches by, when not all its words (any-word-tier.ts). */
  score?: string;
  /** Its best matches in order, from its word's champion list (enough of them for the page asked). */
  champions?: readonly number[];
  /** Ranked in JavaScript (small-set-ranking.ts): few matches, but a word whose list bm25 would walk is long. */
  here?: boolean;
}

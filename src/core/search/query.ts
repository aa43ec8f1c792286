/**
 * What a searcher asked for, as the query language understands it: plain
 * typed data that every search engine executes the same way.
 */

/**
 * Words to find next to each other, already folded the way both indexes fold
 * them (lower case, no accents, split on anything that is not a letter or a digit).
 * One word typed without quotes may be forgiven a typo; a quoted phrase is exact;
 * `prefix` lets the last word be the start of a longer one.
 */
export interface SearchTerm {
  words: string[];
  exact: boolean;
  prefix: boolean;
}

export const HAS_FILTERS = ['file', 'link', 'reaction'] as const;
export type HasFilter = (typeof HAS_FILTERS)[number];

/** Calendar dates as typed (YYYY-MM-DD; `during` also YYYY or YYYY-MM), read later in the community's time zone. */
export interface DateFilters {
  after?: string;
  before?: string;
  on?: string;
  during?: string;
}

/** Part of the text the parser could not use, and why: the page says so instead of failing. */
export interface IgnoredPart {
  text: string;
  reason: IgnoredReason;
}

export type IgnoredReason =
  | 'unbalanced-quote'
  | 'empty-filter'
  | 'unknown-filter'
  | 'bad-date'
  | 'too-long'
  | 'too-many-terms'
  | 'short-prefix'
  | 'nothing-to-search';

export interface ParsedQuery {
  /** All must match. */
  terms: SearchTerm[];
  /** None may match. */
  excluded: SearchTerm[];
  /** `in:#name` (or a channel id), without the `#`. */
  inChannels: string[];
  /** `from:@handle` (or a person id, or `me`), without the `@`. */
  fromPeople: string[];
  dates: DateFilters;
  has: HasFilter[];
  isThread: boolean;
  ignored: IgnoredPart[];
}

export const SEARCH_SORTS = ['relevance', 'newest', 'oldest'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

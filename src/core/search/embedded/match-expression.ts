import type { HasFilter, SearchTerm } from '../query.ts';

/**
 * FTS5 MATCH expressions, built from typed data only: every word goes inside a
 * quoted string (FTS5 syntax in what people type is just text), filters are
 * tokens of the `meta` column, and the reader's access is part of the match
 * (or, for long lists of channels, looked up beside it: access-plan.ts), so
 * hits, counts and facets can only ever come from readable channels.
 */

export interface TermWithVariants extends SearchTerm {
  /** Spellings one typo away that the index holds (single words only). */
  variants: readonly string[];
  /**
   * Null: the words as written only. Otherwise the term is also found among
   * other forms (the `forms` column) and in a reply's thread context (`context`),
   * under these extra forms too (its stems, or its words joined: « can t » → « cant »).
   */
  forms?: readonly string[] | null;
}

/**
 * bm25's weight per column (body, meta, forms, context): a word as written
 * counts most, another form of it less, the thread it answers least; filter
 * tokens not at all.
 */
export const BM25 = 'bm25(search_fts, 1.0, 0.0, 0.5, 0.2)';

/** Either the channels the reader may read, or (when shorter) the ones they may not. */
export type AccessClause = { only: readonly string[] } | { except: readonly string[] } | null;

export interface MatchInput {
  terms: readonly TermWithVariants[];
  excluded: readonly SearchTerm[];
  channelIds: readonly string[] | null;
  authorIds: readonly string[] | null;
  has: readonly HasFilter[];
  isThread: boolean;
  /** A date range was asked: it selects by rowid, outside the expression, but counts as asking (`during:2024` alone is a search). */
  dated?: boolean;
  access: AccessClause;
}

export const metaToken = {
  channel: (id: string) => `ch${id}`,
  author: (id: string) => `by${id}`,
  has: (what: HasFilter) => `has${what}`,
  thread: 'isthread',
} as const;

function quoted(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

function phrase(term: SearchTerm): string {
  return quoted(term.words.join(' ')) + (term.prefix ? '*' : '');
}

function termExpression(term: TermWithVariants): string {
  const forms = term.forms ?? [];
  const body = term.variants.length === 0 && forms.length === 0 ? `body : ${phrase(term)}` : `body : (${[phrase(term), ...term.variants.map(quoted), ...forms.map(quoted)].join(' OR ')})`;
  if (!term.forms) return body;
  // A reply's context and a message's other forms are bags of words: a single word, or the forms, are looked up there.
  const loose = [...(term.words.length === 1 && !term.prefix ? [term.words[0]!] : []), ...forms];
  return loose.length === 0 ? body : `${body} OR {forms context} : (${loose.map(quoted).join(' OR ')})`;
}

function anyOf(tokens: readonly string[]): string {
  return `meta : (${tokens.map(quoted).join(' OR ')})`;
}

/** The expression, or null when nothing positive is asked (FTS5 cannot match "everything but"). */
export function matchExpression(input: MatchInput): string | null {
  const positive: string[] = input.terms.map((term) => termExpression(term));
  // Through its thread alone a reply says nothing (« Merci ! »): it must hold one of the words, in some form, itself.
  if (input.terms.some((term) => term.forms)) positive.push(ownWords(input.terms));
  if (input.channelIds) positive.push(anyOf(input.channelIds.map(metaToken.channel)));
  if (input.authorIds) positive.push(anyOf(input.authorIds.map(metaToken.author)));
  for (const what of input.has) positive.push(anyOf([metaToken.has(what)]));
  if (input.isThread) positive.push(anyOf([metaToken.thread]));
  const negative: string[] = input.excluded.map((term) => `body : ${phrase(term)}`);
  if (input.access && 'only' in input.access) positive.push(anyOf(input.access.only.map(metaToken.channel)));
  if (input.access && 'except' in input.access && input.access.except.length > 0) negative.push(anyOf(input.access.except.map(metaToken.channel)));
  // Access alone is not a search: someone must have asked for words or a filter.
  const asked = input.terms.length > 0 || input.channelIds || input.authorIds || input.has.length > 0 || input.isThread || input.dated;
  if (!asked || positive.length === 0) return null;
  const expression = positive.map((part) => `(${part})`).join(' AND ');
  return negative.length === 0 ? expression : `(${expression}) NOT (${negative.map((part) => `(${part})`).join(' OR ')})`;
}

/** Any of the terms' words or forms in the message's own columns (body, forms), never in its thread's. */
function ownWords(terms: readonly TermWithVariants[]): string {
  const words = new Set<string>();
  for (const term of terms) {
    words.add(term.words.join(' '));
    for (const variant of term.variants) words.add(variant);
    for (const form of term.forms ?? []) words.add(form);
  }
  return `{body forms} : (${[...words].map((word) => quoted(word) + (terms.some((term) => term.prefix && term.words.join(' ') === word) ? '*' : '')).join(' OR ')})`;
}

/**
 * How much longer a notice (a bot's post, a channel notice: documents.ts) reads to bm25 than it is. FTS5's bm25
 * normalises a message's word counts by its length over every column, `meta` included, while `meta` itself scores
 * nothing (weight 0.0): filler tokens there make a notice's words weigh as in a message this many times longer,
 * at no cost to a search. Measured on the judged sets (bench/relevance.ts).
 */
export const NOTICE_LENGTH_FACTOR = 3;
/** The filler, a token no query can reach (queries only ever name meta tokens through filters). */
export const LENGTH_FILLER = 'xnotice';

/** The `meta` column of a document: what filters match, and a notice's filler. */
export function metaTokens(
  document: { channelId: string; authorId: string | null; hasFile: boolean; hasLink: boolean; hasReaction: boolean; isThread: boolean; notice?: boolean },
  words = 0,
): string {
  const tokens = [metaToken.channel(document.channelId)];
  // Every filter slot is filled, by its token or by the filler: bm25 reads a message's length over every column, and a
  // message with reactions, a file or a thread would otherwise read longer than its words, and rank below its equals.
  const slot = (held: boolean, token: string) => tokens.push(held ? token : LENGTH_FILLER);
  slot(Boolean(document.authorId), metaToken.author(document.authorId ?? ''));
  slot(document.hasFile, metaToken.has('file'));
  slot(document.hasLink, metaToken.has('link'));
  slot(document.hasReaction, metaToken.has('reaction'));
  slot(document.isThread, metaToken.thread);
  if (document.notice) for (let i = 0; i < Math.max(1, (NOTICE_LENGTH_FACTOR - 1) * words); i++) tokens.push(LENGTH_FILLER);
  return tokens.join(' ');
}

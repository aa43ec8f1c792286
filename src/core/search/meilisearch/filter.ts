import type { SearchRequest } from '../port.ts';

/**
 * Meilisearch filter expressions, built only from values quoted here.
 *
 * Grammar (Meilisearch search API spec, "filter" string syntax): a double-quoted
 * value may contain anything but an unescaped `"`; a backslash escapes the quote,
 * and since v1.4 a backslash escapes a backslash too (`\\` → `\`). So a value is
 * safe once every `\` and `"` in it is preceded by a backslash: it can never close
 * its quotes and add `OR channelId EXISTS` to a filter that guards access.
 */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

/** `attribute IN ["a", "b"]`, every value quoted. An empty list matches nothing (Meilisearch accepts `IN []`). */
export function inList(attribute: FilterAttribute, values: readonly string[]): string {
  return `${attribute} IN [${values.map(quoteFilterValue).join(', ')}]`;
}

/** The attributes this adapter filters on: fixed names, never taken from input. */
export type FilterAttribute = 'channelId' | 'authorId' | 'tsMs' | 'year' | 'hasFile' | 'hasLink' | 'hasReaction' | 'isThread';

function integer(value: number): string {
  if (!Number.isSafeInteger(value)) throw new TypeError('a time bound must be a whole number of milliseconds');
  return String(value);
}

const HAS_ATTRIBUTE = { file: 'hasFile', link: 'hasLink', reaction: 'hasReaction' } as const;

/**
 * The filter for one search. The access filter (the reader's readable channels)
 * comes first and is AND-ed with everything else, so that hits, totals, facets
 * and snippets are all limited to what the reader may read.
 */
export function buildFilter(
  request: Pick<SearchRequest, 'readableChannelIds' | 'channelIds' | 'authorIds' | 'fromMs' | 'toMs' | 'has' | 'isThread'>,
): string {
  if (request.readableChannelIds.length === 0) throw new RangeError('a search needs at least one readable channel');
  const clauses = [inList('channelId', request.readableChannelIds)];
  if (request.channelIds) clauses.push(inList('channelId', request.channelIds));
  if (request.authorIds) clauses.push(inList('authorId', request.authorIds));
  if (request.fromMs !== null) clauses.push(`tsMs >= ${integer(request.fromMs)}`);
  if (request.toMs !== null) clauses.push(`tsMs < ${integer(request.toMs)}`);
  for (const has of new Set(request.has)) clauses.push(`${HAS_ATTRIBUTE[has]} = true`);
  if (request.isThread) clauses.push('isThread = true');
  return clauses.map((clause) => `(${clause})`).join(' AND ');
}

import { z } from 'zod';
import { MAX_SEARCH_PAGE } from '../../core/search/search-archive.ts';
import { withFilter } from '../../core/search/query-language.ts';
import { HAS_FILTERS, SEARCH_SORTS, type SearchSort } from '../../core/search/query.ts';

export interface SearchParams {
  q: string;
  sort: SearchSort;
  page: number;
  /** Only messages holding every word (`all=1`), even when few do. */
  allWords: boolean;
}

/** Lenient on purpose: a search URL someone edited by hand still searches what it can. */
const paramsSchema = z.object({
  q: z.string().max(10_000).catch(''),
  sort: z.enum(SEARCH_SORTS).catch('relevance'),
  page: z.coerce.number().int().min(1).max(MAX_SEARCH_PAGE).catch(1),
  allWords: z.literal('1').transform(() => true).catch(false),
});

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export function readSearchParams(params: URLSearchParams): SearchParams {
  return paramsSchema.parse({ q: params.get('q') ?? '', sort: params.get('sort') ?? undefined, page: params.get('page') ?? undefined, allWords: params.get('all') ?? undefined });
}

/**
 * The filter controls of the search form speak for their filters: what they
 * show is written into the query text (and an emptied control removes its
 * filter), so the address, the box and the results always say the same thing.
 * Null when the form's controls were not sent (the search box elsewhere).
 */
export function queryFromControls(params: URLSearchParams): string | null {
  if (!params.has('filters')) return null;
  let q = readSearchParams(params).q;
  const text = (name: string) => {
    const value = params.get(name)?.trim() ?? '';
    return value === '' ? null : value.replace(/^[#@]/, '');
  };
  const date = (name: string) => (day.safeParse(params.get(name)).success ? params.get(name) : null);
  q = withFilter(q, 'in', text('in'));
  q = withFilter(q, 'from', text('from'));
  q = withFilter(q, 'after', date('after'));
  q = withFilter(q, 'before', date('before'));
  q = withFilter(q, 'has', null);
  for (const what of HAS_FILTERS) if (params.getAll('has').includes(what)) q = `${q} has:${what}`.trim();
  q = withFilter(q, 'is', params.get('thread') === 'on' ? 'thread' : null);
  return q;
}

export function searchHref(base: string, params: Partial<SearchParams>): string {
  const query = new URLSearchParams();
  if (params.q) query.set('q', params.q);
  if (params.sort && params.sort !== 'relevance') query.set('sort', params.sort);
  if (params.page && params.page > 1) query.set('page', String(params.page));
  if (params.allWords) query.set('all', '1');
  const search = query.toString();
  return search ? `${base}?${search}` : base;
}

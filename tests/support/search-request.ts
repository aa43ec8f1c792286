import type { SearchRequest } from '../../src/core/search/port.ts';

/**
 * A search request as the query language would hand it to an engine: no filter,
 * ranked, not relaxed, the first page of 20 — tests say only what differs.
 */
export function searchRequest(overrides: Partial<SearchRequest> & Pick<SearchRequest, 'terms' | 'readableChannelIds'>): SearchRequest {
  return {
    excluded: [],
    channelIds: null,
    authorIds: null,
    fromMs: null,
    toMs: null,
    has: [],
    isThread: false,
    sort: 'relevance',
    relax: false,
    offset: 0,
    limit: 20,
    ...overrides,
  };
}

import type { APIRoute } from 'astro';
import { neutralLinks } from '../../core/routes.ts';
import { archiveAccess } from '../../web/archive/reader-access.ts';
import { readSearchParams } from '../../web/archive/search-params.ts';
import { searchArchive } from '../../core/search/search-archive.ts';

const headers = { 'cache-control': 'no-store' };
/** A whole answer: the middleware tags it and lets the reader's browser keep it (src/web/archive-cache.ts). */
const keepable = {};

/**
 * GET /api/search?q=…&sort=relevance|newest|oldest&page=N — the archive's
 * search for members' own tools: the signed-in session's access, the same
 * query language and the same results as the search page.
 */
export const GET: APIRoute = async ({ locals, url }) => {
  if (!locals.viewer) return Response.json({ error: 'sign-in required' }, { status: 401, headers });
  const { runtime } = locals;
  const params = readSearchParams(url.searchParams);
  const outcome = await searchArchive(
    { db: runtime.database.db, engine: runtime.search, timeZone: locals.timeZone, locale: locals.viewer.member.locale, log: runtime.log },
    await archiveAccess({ locals }),
    params,
  );
  const notes = outcome.notes.map(({ text, reason }) => ({ text, reason }));
  if (outcome.status === 'unavailable') return Response.json({ error: 'search unavailable', notes }, { status: 503, headers });
  if (outcome.status === 'empty') return Response.json({ query: params.q, sort: params.sort, total: 0, page: 1, pageCount: 0, hits: [], facets: null, notes }, { headers });
  return Response.json(
    {
      query: params.q,
      sort: params.sort,
      total: outcome.total,
      page: outcome.page,
      pageCount: outcome.pageCount,
      partial: outcome.partial,
      leftOut: outcome.leftOut,
      hits: outcome.hits.map((hit) => ({
        channel: { id: hit.channelId, name: hit.channelLabel },
        ts: hit.ts,
        time: new Date(hit.tsMs).toISOString(),
        author: { id: hit.author.id || null, name: hit.author.name },
        threadTs: hit.threadTs,
        isReply: hit.isReply,
        snippet: hit.snippet,
        permalink: `${runtime.config.publicUrl}${neutralLinks.message(hit.channelId, hit.ts)}`,
      })),
      facets: { ...outcome.facets, sample: outcome.facetSample },
      notes,
    },
    { headers: outcome.partial ? headers : keepable },
  );
};

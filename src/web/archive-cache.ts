import { readerAccess, type ReaderAccess } from '../core/archive/access.ts';
import { matchesIfNoneMatch, pageTag, readContentVersion } from '../core/db/content-version.ts';
import type { Database } from '../core/db/client.ts';
import type { Member } from '../core/accounts/sessions.ts';

/** Archive pages and the search API: what they show changes only with the content version and the reader. */
const CACHEABLE = /^\/(?:(?:fr|en)\/archive(?:\/|$)|api\/search$)/;

/**
 * Differs at each start: a new version of the app renders differently, and must not answer "not modified".
 * The processes serving one start share it (the start script hands it down), so any of them answers 304.
 */
const BUILD = process.env.PASSERELLE_START_ID || `${process.pid}-${Date.now()}`;

/** Revalidated at each view, kept by the reader's browser only. */
export const ARCHIVE_CACHE_CONTROL = 'private, no-cache';

export interface ArchiveRequest {
  method: string;
  url: URL;
  headers: Headers;
  member: Member | null;
  locale: string;
  timeZone: string;
}

export interface ArchivePageTag {
  tag: string;
  /** The reader's access the tag was computed with: the page renders with this very one (read once per view). */
  access: ReaderAccess;
}

/**
 * The one rule for conditional archive reads: the tag of the page this reader
 * would get (null when the page is not one of them), computed before rendering,
 * so a repeat view is answered 304 without reading the archive again.
 */
export async function archivePageTag(database: Database, request: ArchiveRequest): Promise<ArchivePageTag | null> {
  if ((request.method !== 'GET' && request.method !== 'HEAD') || !CACHEABLE.test(request.url.pathname)) return null;
  const [version, access] = await Promise.all([readContentVersion(database.client), readerAccess(database.db, request.member)]);
  const tag = pageTag({
    version,
    readerId: request.member?.id ?? null,
    readable: access.readable,
    locale: request.locale,
    timeZone: request.timeZone,
    address: request.url.pathname + request.url.search,
    build: BUILD,
  });
  return { tag, access };
}

/** The 304 when the reader already holds this very page. */
export function notModified(tag: string | null, request: Pick<ArchiveRequest, 'headers'>): Response | null {
  if (!tag || !matchesIfNoneMatch(request.headers.get('if-none-match'), tag)) return null;
  return new Response(null, { status: 304, headers: { etag: tag, 'cache-control': ARCHIVE_CACHE_CONTROL } });
}

/**
 * Tags a freshly rendered page. Only a plain success is tagged: a refusal, an
 * unavailable search or a page that asked not to be kept (a partial answer) is not.
 */
export function tagResponse(tag: string | null, response: Response): boolean {
  if (!tag || response.status !== 200 || /no-store/.test(response.headers.get('cache-control') ?? '')) return false;
  response.headers.set('etag', tag);
  response.headers.set('cache-control', ARCHIVE_CACHE_CONTROL);
  return true;
}

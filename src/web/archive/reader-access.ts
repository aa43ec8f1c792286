import type { AstroGlobal } from 'astro';
import { readerAccess, type ReaderAccess } from '../../core/archive/access.ts';
import { route } from '../../core/routes.ts';
import { isSlackTs } from './slack-params.ts';

/**
 * Who reads, and which channels the access policy lets them read: the middleware
 * read it for this request (with the page's tag); read here only when it did not.
 */
export async function archiveAccess(context: Pick<AstroGlobal, 'locals'>): Promise<ReaderAccess> {
  return context.locals.archiveAccess ?? readerAccess(context.locals.runtime.database.db, context.locals.viewer?.member ?? null);
}

/**
 * The answer for something the reader may not see: a visitor is asked to sign
 * in (and comes back here after); a member gets the 404 of a page that does not exist.
 */
export function notReadable(context: AstroGlobal, access: ReaderAccess): Promise<Response> | Response {
  if (access.reader) return context.rewrite('/404');
  const at = context.url.searchParams.get('at');
  // Without script, only the fragment scrolls a permalink's message into view after signing in.
  const next = context.url.pathname + context.url.search + (isSlackTs(at) ? `#m-${at}` : '');
  return context.redirect(`${route('signIn', context.locals.locale)}?next=${encodeURIComponent(next)}`, 303);
}


import type { AstroGlobal } from 'astro';
import { readerAccess, type ReaderAccess } from '../../core/archive/access.ts';
import { route } from '../../core/routes.ts';

/** Who reads, and which channels the access policy lets them read. */
export async function archiveAccess(context: AstroGlobal): Promise<ReaderAccess> {
  return readerAccess(context.locals.runtime.database.db, context.locals.viewer?.member ?? null);
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

const SLACK_ID = /^[A-Z0-9]{5,20}$/;
const SLACK_TS = /^\d{10}\.\d{6}$/;

export function isSlackId(value: string | undefined): value is string {
  return value !== undefined && SLACK_ID.test(value);
}

export function isSlackTs(value: string | null | undefined): value is string {
  return typeof value === 'string' && SLACK_TS.test(value);
}

export function archivePaths(locale: string) {
  return {
    directory: `/${locale}/archive`,
    channel: (channelId: string) => `/${locale}/archive/${channelId}`,
    thread: (channelId: string, ts: string) => `/${locale}/archive/${channelId}/thread/${ts}`,
    person: (personId: string) => `/${locale}/archive/people/${personId}`,
    /** Language-neutral: shared links open in the reader's own language. */
    permalink: (channelId: string, ts: string) => `/archive/${channelId}/${ts}`,
  };
}

import { defineMiddleware } from 'astro:middleware';
import { validateSessionToken } from './core/accounts/sessions.ts';
import { DEFAULT_LOCALE, isLocale, translator } from './core/i18n/index.ts';
import { isPrivatePath } from './core/routes.ts';
import { safeError } from './core/text/safe-error.ts';
import { archivePageTag, notModified, tagResponse } from './web/archive-cache.ts';
import { getRuntime } from './web/runtime.ts';
import { isStorageFault, storageFaultResponse } from './web/storage-fault.ts';
import { isForbiddenWrite, isMachineEndpoint } from './web/same-origin.ts';
import { clearSessionCookie, sessionCookieName, setSessionCookie } from './web/session-cookie.ts';

/**
 * Per request: the reader's language (first path segment, French by default)
 * and who they are (the session cookie, checked against the database each time,
 * so a disabled member's open session stops at their next click).
 */
export const onRequest = defineMiddleware(async (context, next) => {
  const runtime = context.locals.runtime ?? (await getRuntime());
  // A machine endpoint (Postmark's webhooks) proves itself with its own credentials, and is nobody's session.
  const machine = isMachineEndpoint(context.url.pathname);
  // Before anything else, the session included: a forged write must not even refresh it.
  if (!machine && isForbiddenWrite(context.request.method, context.request.headers, new URL(runtime.config.publicUrl).origin)) {
    runtime.log.warn({ path: context.url.pathname, method: context.request.method }, 'cross-site write refused');
    return new Response('Cross-site form submissions are refused.', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  // A rewrite (e.g. to /404) runs this again: keep what the first pass found.
  if (!context.locals.runtime) {
    const segment = context.url.pathname.split('/')[1];
    const locale = isLocale(segment) ? segment : DEFAULT_LOCALE;
    context.locals.runtime = runtime;
    context.locals.locale = locale;
    context.locals.t = translator(locale);
    context.locals.viewer = null;
    context.locals.archiveAccess = null;
    const token = machine ? undefined : context.cookies.get(sessionCookieName(runtime.config))?.value;
    if (token) {
      context.locals.viewer = await validateSessionToken(runtime.database.db, token);
      if (!context.locals.viewer) clearSessionCookie(context.cookies, runtime.config);
      else if (context.locals.viewer.extended) setSessionCookie(context.cookies, runtime.config, token, context.locals.viewer.session.expiresAt);
    }
    context.locals.timeZone = context.locals.viewer?.member.timeZone ?? runtime.config.timeZone;
  }
  if (context.params.locale !== undefined && !isLocale(context.params.locale)) {
    return context.rewrite('/404');
  }
  const { runtime: current, viewer } = context.locals;
  const tagged = await archivePageTag(current.database, {
    method: context.request.method,
    url: context.url,
    headers: context.request.headers,
    member: viewer?.member ?? null,
    locale: context.locals.locale,
    timeZone: context.locals.timeZone,
  });
  const tag = tagged?.tag ?? null;
  // The page renders with the access its tag was computed from: one read of it per view, and the same one.
  if (tagged) context.locals.archiveAccess = tagged.access;
  const unchanged = notModified(tag, context.request);
  if (unchanged) return unchanged;
  let response: Response;
  try {
    response = await next();
  } catch (error) {
    // The disk full or the database read-only: the write is refused in plain words, and works again once space is back.
    if (isStorageFault(error)) {
      context.locals.runtime.log.error({ path: context.url.pathname, err: safeError(error) }, 'storage refused a write');
      return storageFaultResponse(context.locals.locale);
    }
    // Logged here, cleaned: the framework's own report would print query parameters (addresses, ids).
    context.locals.runtime.log.error({ path: context.url.pathname, err: safeError(error) }, 'request failed');
    return context.rewrite('/500');
  }
  // An archive page is the reader's own: their browser keeps it and asks again with its tag.
  if (tagResponse(tag, response)) return response;
  // Anything shown to a signed-in person is theirs alone, and sign-in pages hold pending state: no cache keeps them.
  if (context.locals.viewer || isPrivatePath(context.url.pathname)) response.headers.set('cache-control', 'no-store');
  return response;
});

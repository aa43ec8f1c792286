import type { APIContext } from 'astro';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../../core/i18n/index.ts';

/** Language-neutral links (shared permalinks, mentions) open in the member's language, else the browser's. */
export function readerLocale(context: APIContext): Locale {
  const memberLocale = context.locals.viewer?.member.locale;
  if (memberLocale) return memberLocale;
  return isLocale(context.preferredLocale) ? context.preferredLocale : DEFAULT_LOCALE;
}

export function redirectInLocale(context: APIContext, path: (locale: Locale) => string): Response {
  const response = context.redirect(path(readerLocale(context)), 302);
  response.headers.set('vary', 'Accept-Language, Cookie');
  return response;
}

import { defineMiddleware } from 'astro:middleware';
import { DEFAULT_LOCALE, isLocale, translator } from './core/i18n/index.ts';
import { getRuntime } from './web/runtime.ts';

/** The first path segment names the reader's language; anything else is French, the default. */
export const onRequest = defineMiddleware(async (context, next) => {
  // A rewrite (e.g. to /404) runs this again: keep the language of the address the reader asked for.
  if (!context.locals.runtime) {
    const segment = context.url.pathname.split('/')[1];
    const locale = isLocale(segment) ? segment : DEFAULT_LOCALE;
    context.locals.runtime = await getRuntime();
    context.locals.locale = locale;
    context.locals.t = translator(locale);
  }
  if (context.params.locale !== undefined && !isLocale(context.params.locale)) {
    return context.rewrite('/404');
  }
  return next();
});

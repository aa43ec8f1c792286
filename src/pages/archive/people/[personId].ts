import type { APIRoute } from 'astro';
import { isSlackId } from '../../../web/archive/reader.ts';
import { redirectInLocale } from '../../../web/archive/neutral-redirect.ts';

/** User mentions inside messages link here. */
export const GET: APIRoute = (context) => {
  const { personId } = context.params;
  if (!isSlackId(personId)) return context.rewrite('/404');
  return redirectInLocale(context, (locale) => `/${locale}/archive/people/${personId}`);
};

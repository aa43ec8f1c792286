import type { APIRoute } from 'astro';
import { isSlackId } from '../../../web/archive/reader.ts';
import { redirectInLocale } from '../../../web/archive/neutral-redirect.ts';

/** Channel mentions inside messages link here. */
export const GET: APIRoute = (context) => {
  const { channelId } = context.params;
  if (!isSlackId(channelId)) return context.rewrite('/404');
  return redirectInLocale(context, (locale) => `/${locale}/archive/${channelId}`);
};

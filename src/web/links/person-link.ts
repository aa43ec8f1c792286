import type { APIRoute } from 'astro';
import { archiveRoutes } from '../../core/routes.ts';
import { isSlackId } from '../archive/slack-params.ts';
import { redirectInLocale } from './neutral-redirect.ts';

/** User mentions inside messages link here. */
export const GET: APIRoute = (context) => {
  const { personId } = context.params;
  if (!isSlackId(personId)) return context.rewrite('/404');
  return redirectInLocale(context, (locale) => archiveRoutes(locale).person(personId));
};

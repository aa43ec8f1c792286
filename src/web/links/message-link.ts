import type { APIRoute } from 'astro';
import { isSlackId, isSlackTs } from '../archive/slack-params.ts';
import { permalinkPath } from '../archive/permalink.ts';
import { redirectInLocale } from './neutral-redirect.ts';

/** A message's permalink: its place in the channel, or in its thread for a reply (for readers of the channel only). */
export const GET: APIRoute = async (context) => {
  const { channelId, ts } = context.params;
  if (!isSlackId(channelId) || !isSlackTs(ts)) return context.rewrite('/404');
  const path = await permalinkPath(context.locals.runtime.database.db, context.locals.viewer?.member ?? null, channelId, ts);
  return redirectInLocale(context, path);
};

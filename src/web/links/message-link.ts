import type { APIRoute } from 'astro';
import { canReadChannel } from '../../core/archive/access.ts';
import { locateMessage } from '../../core/archive/locate-message.ts';
import { archiveRoutes } from '../../core/routes.ts';
import { isSlackId, isSlackTs } from '../archive/slack-params.ts';
import { redirectInLocale } from './neutral-redirect.ts';

/** A message's permalink: its place in the channel, or in its thread for a reply. */
export const GET: APIRoute = async (context) => {
  const { channelId, ts } = context.params;
  if (!isSlackId(channelId) || !isSlackTs(ts)) return context.rewrite('/404');
  const { db } = context.locals.runtime.database;
  // Where a message sits is itself information: only readers of the channel learn it.
  const readable = await canReadChannel(db, context.locals.viewer?.member ?? null, channelId);
  const location = readable ? await locateMessage(db, channelId, ts) : null;
  return redirectInLocale(context, (locale) =>
    location?.threadTs ? archiveRoutes(locale).thread(channelId, location.threadTs, ts) : archiveRoutes(locale).channel(channelId, { at: ts }),
  );
};

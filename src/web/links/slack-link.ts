import type { APIRoute } from 'astro';
import { tsFromSlackPermalink } from '../../core/archive/locate-message.ts';
import { neutralLinks } from '../../core/routes.ts';
import { isSlackId } from '../archive/slack-params.ts';

/** Old Slack links keep working: the path of https://<workspace>.slack.com/archives/C…/p… leads to the same message here. */
export const GET: APIRoute = (context) => {
  const { channelId, permalink } = context.params;
  const ts = tsFromSlackPermalink(permalink ?? '');
  if (!isSlackId(channelId) || !ts) return context.rewrite('/404');
  return context.redirect(neutralLinks.message(channelId, ts), 301);
};

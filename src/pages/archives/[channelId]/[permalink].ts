import type { APIRoute } from 'astro';
import { tsFromSlackPermalink } from '../../../core/archive/locate-message.ts';
import { isSlackId } from '../../../web/archive/reader.ts';

/** Old Slack links keep working: the path of https://<workspace>.slack.com/archives/C…/p… leads to the same message here. */
export const GET: APIRoute = (context) => {
  const { channelId, permalink } = context.params;
  const ts = tsFromSlackPermalink(permalink ?? '');
  if (!isSlackId(channelId) || !ts) return context.rewrite('/404');
  return context.redirect(`/archive/${channelId}/${ts}`, 301);
};

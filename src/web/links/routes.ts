import type { AstroIntegration } from 'astro';
import { SLACK_LINK_PREFIX } from '../../core/routes.ts';

/**
 * Links without a language (core/routes.ts `neutralLinks`) and old Slack links,
 * declared here rather than as folders of src/pages: their addresses are fixed
 * by what messages and bookmarks already hold, and `/archive/…` beside
 * `/archives/…` read as one folder misspelt.
 */
export const LINK_ROUTES = [
  { pattern: '/archive/[channelId]', entrypoint: 'channel-link.ts' },
  { pattern: '/archive/[channelId]/[ts]', entrypoint: 'message-link.ts' },
  { pattern: '/archive/people/[personId]', entrypoint: 'person-link.ts' },
  { pattern: `${SLACK_LINK_PREFIX}/[channelId]/[permalink]`, entrypoint: 'slack-link.ts' },
];

export function linkRoutes(): AstroIntegration {
  return {
    name: 'passerelle-links',
    hooks: {
      'astro:config:setup': ({ injectRoute }) => {
        for (const { pattern, entrypoint } of LINK_ROUTES) injectRoute({ pattern, entrypoint: new URL(entrypoint, import.meta.url), prerender: false });
      },
    },
  };
}

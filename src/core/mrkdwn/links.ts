import { stripSlackSecrets } from '../text/slack-secrets.ts';

const LINKABLE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/**
 * The re-serialised URL when it may become a link, else undefined. Parsing
 * with WHATWG `URL` sees the scheme the way a browser will, so case,
 * embedded tabs or leading control characters cannot smuggle `javascript:` in.
 * Slack secrets are stripped from what the parser made of it (it drops tabs
 * and newlines, which could have split a token).
 */
export function linkableUrl(raw: string): string | undefined {
  const url = URL.parse(raw);
  if (url === null || !LINKABLE_SCHEMES.has(url.protocol)) return undefined;
  return stripSlackSecrets(url.href);
}

const PROBE_ORIGIN = 'https://passerelle.invalid';

/**
 * Hrefs from the mention resolver are our own pages, but they are built from
 * imported ids; a site-relative path must stay on this site (`//host`, `/\host`
 * or tab tricks would leave it), anything else must be a linkable URL.
 */
export function resolverHref(href: string): string | undefined {
  if (!href.startsWith('/')) return linkableUrl(href);
  const url = URL.parse(href, PROBE_ORIGIN);
  if (url === null || url.origin !== PROBE_ORIGIN) return undefined;
  return url.pathname + url.search + url.hash;
}

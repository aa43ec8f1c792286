/**
 * Slack's secrets (`xoxe-…` export tokens on file links, and any other
 * `xoxb-`, `xoxp-`, `xoxa-`, `xoxe.xoxp-`… token someone pasted) open files
 * and workspaces to whoever holds them. Every text and URL the archive stores
 * goes through `stripSlackSecrets`, so they never reach the store, the pages,
 * the search index or the logs.
 *
 * Slack writes its tokens in clear; a token spelled with percent escapes
 * throughout (`%78ox…`) is not looked for.
 */

/** A token's start; any letter after `xox`, because Slack adds kinds. Case does not hide one. */
const SECRET_START = 'xox[a-z](?:\\.xox[a-z])?-';
const SECRET_ANYWHERE = new RegExp(SECRET_START, 'i');
const BARE_SECRET = new RegExp(`${SECRET_START}[\\w-]*`, 'gi');
/**
 * A query (`?…`) or fragment (`#…`): up to whitespace, the next `?` or `#`, or
 * a character that ends a URL in mrkdwn (`<url|label>`), HTML or prose.
 */
const QUERY_OR_FRAGMENT = /([?#])([^\s?#<>|"'`()[\]{}]*)/g;
/** Parameters are split on `&`, or on `&amp;` in Slack's escaped text and in HTML. */
const PARAMETER_SEPARATOR = /(&amp;|&)/;

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The query or fragment without the parameters that hold a secret (in their
 * value, their name, or a URL nested and escaped in them), their separators
 * removed with them; the rest is kept as written.
 */
function withoutSecretParameters(marker: string, body: string): string {
  const pieces = body.split(PARAMETER_SEPARATOR); // parameters at even places, separators between
  const kept: string[] = [];
  let removed = false;
  for (let i = 0; i < pieces.length; i += 2) {
    if (SECRET_ANYWHERE.test(decoded(pieces[i]!))) removed = true;
    else kept.push(...(kept.length > 0 ? [pieces[i - 1]!, pieces[i]!] : [pieces[i]!]));
  }
  if (!removed) return marker + body;
  // Nothing left: the `?` or `#` goes too.
  return kept.length === 0 ? '' : marker + kept.join('');
}

/**
 * The text (mrkdwn, HTML, plain text or a single URL) without Slack secrets:
 * `?a=1&t=xoxe-…&b=2` becomes `?a=1&b=2`, `?token=xoxe-…#top` becomes `#top`,
 * and a token anywhere else is removed. Idempotent: what is removed ends at a
 * character that cannot continue a token, so nothing joins into a new one.
 */
export function stripSlackSecrets(text: string): string {
  // The common case, almost every message: nothing to look at.
  if (!/xox/i.test(text)) return text;
  return text.replace(QUERY_OR_FRAGMENT, (_whole, marker: string, body: string) => withoutSecretParameters(marker, body)).replace(BARE_SECRET, '');
}

/** The same for optional values: null and undefined stay as they are. */
export function stripSlackSecretsFrom<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' ? stripSlackSecrets(value) : value) as T;
}

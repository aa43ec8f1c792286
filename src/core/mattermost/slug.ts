/**
 * The one rule for names Mattermost accepts in URLs (channel names) and
 * mentions (usernames): accents dropped (« événements » → "evenements"), lower
 * case, every other refused character one hyphen, no separator at either end,
 * at most 64 characters. Usernames may also hold dots; channel names may not.
 */
export const MATTERMOST_NAME_MAX_LENGTH = 64;

export function mattermostSlug(text: string, options: { dots: boolean }): string {
  const refused = options.dots ? /[^a-z0-9._-]+/g : /[^a-z0-9_-]+/g;
  const edges = options.dots ? /^[-._]+|[-._]+$/g : /^[-_]+|[-_]+$/g;
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(refused, '-')
    .replace(edges, '')
    .slice(0, MATTERMOST_NAME_MAX_LENGTH)
    .replace(options.dots ? /[-._]+$/ : /[-_]+$/, '');
}

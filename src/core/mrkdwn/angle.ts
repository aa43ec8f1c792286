import { decodeSlackEntities } from './entities.ts';
import { linkableUrl, resolverHref } from './links.ts';
import type { MentionResolver } from './mention-resolver.ts';
import type { LinkNode, MentionNode, TextNode } from './tree.ts';

/** What a Slack `<…>` construct becomes. */
export type AngleNode = TextNode | LinkNode | MentionNode;

const BROADCASTS = new Set(['here', 'channel', 'everyone']);

/**
 * Index of the `>` closing the construct opened at `open`, or -1. Stopping at
 * the next `<` keeps the scans disjoint, so a run of unclosed `<` stays linear.
 */
export function angleEnd(source: string, open: number): number {
  for (let i = open + 1; i < source.length; i++) {
    const char = source[i];
    if (char === '>') return i;
    if (char === '<' || char === '\n') return -1;
  }
  return -1;
}

/** `content` is the raw text between `<` and `>`. */
export function parseAngle(content: string, resolve: MentionResolver): AngleNode {
  const pipe = content.indexOf('|');
  const target = pipe === -1 ? content : content.slice(0, pipe);
  const label = pipe === -1 ? '' : decodeSlackEntities(content.slice(pipe + 1));
  const id = target.slice(1);
  if (id === '') return text(label || decodeSlackEntities(target));
  switch (target[0]) {
    case '@':
      return mention('@', resolve.userName(id) ?? (label || id), resolve.userHref?.(id));
    case '#':
      return mention('#', resolve.channelName(id) ?? (label || id), resolve.channelHref?.(id));
    case '!':
      return special(id, label, resolve);
    default:
      return link(decodeSlackEntities(target), label);
  }
}

/** The visible words of a construct, for places that show no markup (code). */
export function angleLabel(node: AngleNode): string {
  return node.type === 'text' ? node.value : node.label;
}

function special(command: string, label: string, resolve: MentionResolver): AngleNode {
  const [name = '', arg = ''] = command.split('^', 2);
  if (BROADCASTS.has(name)) return mention('@', name, undefined);
  if (name === 'subteam' && arg !== '') return mention('@', resolve.userGroupName(arg) ?? (label || arg), undefined);
  if (name === 'date') return text(label || dateFallback(arg));
  return text(label || `@${decodeSlackEntities(name)}`);
}

/** Slack requires a fallback label on dates; this only covers exports that lack one. */
function dateFallback(seconds: string): string {
  const date = new Date(Number(seconds) * 1000);
  // toISOString throws on an invalid date, and an empty string would read as 1970.
  return seconds === '' || Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

function link(url: string, label: string): AngleNode {
  const href = linkableUrl(url);
  if (href === undefined) return text(label || url);
  // A label repeating the URL would repeat its secret `t` parameter too.
  return { type: 'link', href, label: label === '' || label === url ? href : label };
}

function mention(sigil: '@' | '#', name: string, href: string | undefined): MentionNode {
  const bare = name.startsWith(sigil) ? name.slice(1) : name;
  return { type: 'mention', label: sigil + bare, href: href === undefined ? undefined : resolverHref(href) };
}

function text(value: string): TextNode {
  return { type: 'text', value };
}

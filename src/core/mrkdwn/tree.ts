/**
 * The parsed form of a message. The HTML serializer maps each node type to a
 * fixed tag with fixed attributes, so nothing outside this grammar can reach
 * the page.
 */

export interface TextNode { type: 'text'; value: string }
export interface BreakNode { type: 'br' }
export interface StyledNode { type: 'strong' | 'em' | 'del'; children: Node[] }
export interface CodeNode { type: 'code'; value: string }
export interface PreNode { type: 'pre'; value: string }
export interface QuoteNode { type: 'blockquote'; children: Node[] }
/** `href` has already passed the scheme check in links.ts. */
export interface LinkNode { type: 'link'; href: string; label: string }
/** `href` has already passed the check in links.ts; absent means no link. */
export interface MentionNode { type: 'mention'; label: string; href: string | undefined }

export type Node = TextNode | BreakNode | StyledNode | CodeNode | PreNode | QuoteNode | LinkNode | MentionNode;

/** Appends, merging with a preceding text node so the tree stays small. */
export function appendNode(children: Node[], node: Node): void {
  const last = children.at(-1);
  if (node.type === 'text' && last?.type === 'text') last.value += node.value;
  else if (node.type !== 'text' || node.value !== '') children.push(node);
}

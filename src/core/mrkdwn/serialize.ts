import { escapeHtml } from '../text/escape-html.ts';
import type { Node } from './tree.ts';

/**
 * Every tag and attribute written here is fixed; only escaped text and hrefs
 * that passed links.ts vary.
 */
export function toHtml(nodes: readonly Node[]): string {
  let html = '';
  let afterBlock = false;
  for (const node of nodes) {
    // A block already ends its line, so the break that follows it in the source would show as an empty line.
    if (!(afterBlock && node.type === 'br')) html += nodeHtml(node);
    afterBlock = node.type === 'pre' || node.type === 'blockquote';
  }
  return html;
}

function nodeHtml(node: Node): string {
  switch (node.type) {
    case 'text':
      return escapeHtml(node.value);
    case 'br':
      return '<br>';
    case 'strong':
    case 'em':
    case 'del':
      return `<${node.type}>${toHtml(node.children)}</${node.type}>`;
    case 'code':
      return `<code>${escapeHtml(node.value)}</code>`;
    case 'pre':
      return `<pre><code>${escapeHtml(node.value)}</code></pre>`;
    case 'blockquote':
      return `<blockquote>${toHtml(node.children)}</blockquote>`;
    case 'link':
      return `<a href="${escapeHtml(node.href)}" rel="nofollow noopener noreferrer" class="external">${escapeHtml(node.label)}</a>`;
    case 'mention':
      return node.href === undefined
        ? `<span class="mention">${escapeHtml(node.label)}</span>`
        : `<a class="mention" href="${escapeHtml(node.href)}">${escapeHtml(node.label)}</a>`;
  }
}

/** The words a reader sees, for the search index: every line break kept, no markup. */
export function toText(nodes: readonly Node[]): string {
  let text = '';
  for (const node of nodes) text += nodeText(node);
  return text;
}

function nodeText(node: Node): string {
  switch (node.type) {
    case 'text':
    case 'code':
    case 'pre':
      return node.value;
    case 'br':
      return '\n';
    case 'strong':
    case 'em':
    case 'del':
    case 'blockquote':
      return toText(node.children);
    case 'link':
      return node.label === node.href ? node.href : `${node.label} ${node.href}`;
    case 'mention':
      return node.label;
  }
}

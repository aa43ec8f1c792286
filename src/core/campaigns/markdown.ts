import { escapeHtml } from '../text/escape-html.ts';

/**
 * The small Markdown an administrator writes a campaign in: paragraphs, line
 * breaks, "- " lists, **bold**, *emphasis* and [links](https://…). Everything
 * is escaped first, so nothing typed becomes markup by accident; links are
 * http(s) only. `extraLinkTarget` lets a placeholder stand where a URL goes.
 */
export function renderMarkdownHtml(source: string, extraLinkTarget?: string): string {
  return blocks(source)
    .map((block) => {
      if (block.every((line) => /^\s*[-*] /.test(line))) return `<ul>${block.map((line) => `<li>${inlineHtml(line.replace(/^\s*[-*] /, ''), extraLinkTarget)}</li>`).join('')}</ul>`;
      return `<p>${block.map((line) => inlineHtml(line, extraLinkTarget)).join('<br>\n')}</p>`;
    })
    .join('\n');
}

/** The same text for the plain part: markers dropped, links written out. */
export function renderMarkdownText(source: string, extraLinkTarget?: string): string {
  return blocks(source)
    .map((block) => block.map((line) => inlineText(line, extraLinkTarget)).join('\n'))
    .join('\n\n');
}

function blocks(source: string): string[][] {
  return source
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => block.split('\n').map((line) => line.trimEnd()))
    .filter((block) => block.some((line) => line.trim() !== ''));
}

function linkPattern(extraLinkTarget?: string): RegExp {
  const extra = extraLinkTarget ? `|${extraLinkTarget.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` : '';
  return new RegExp(`\\[([^\\]]+)\\]\\((https?://[^\\s()<>"]+${extra})\\)`, 'g');
}

function inlineHtml(line: string, extraLinkTarget?: string): string {
  return escapeHtml(line)
    .replace(linkPattern(extraLinkTarget), (_whole, text: string, url: string) => `<a href="${url}">${text}</a>`)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>');
}

function inlineText(line: string, extraLinkTarget?: string): string {
  return line
    .replace(linkPattern(extraLinkTarget), (_whole, text: string, url: string) => `${text} (${url})`)
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1$2');
}

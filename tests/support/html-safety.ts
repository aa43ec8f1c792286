// The checker every renderer's XSS tests share (mrkdwn, attachment cards, search snippets).

/** The markup a renderer may produce: everything else found in its output is a problem. */
export interface HtmlGrammar {
  tags: ReadonlySet<string>;
  attributes: ReadonlySet<string>;
}

/** What the mrkdwn renderer writes. */
export const MRKDWN_HTML: HtmlGrammar = {
  tags: new Set(['strong', 'em', 'del', 'code', 'pre', 'blockquote', 'br', 'a', 'span']),
  attributes: new Set(['href', 'class', 'rel']),
};

const SAFE_HREF = /^(?:https?:\/\/|mailto:|\/)/;
const TAG = /<\/?([^\s>/]*)([^>]*)>/g;
const ATTRIBUTE = /\s+([^\s=]+)="([^"]*)"/g;

/** Character references decoded, as a browser reads an attribute value or a text. */
export function decodeHtml(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Everything in `html` that could run script or leave the grammar: tags and
 * attributes outside it, event handlers, unsafe hrefs, raw < or > in text.
 * Our output grammars are tiny, so a regex over their tags is a sufficient parser.
 */
export function htmlSafetyProblems(html: string, grammar: HtmlGrammar = MRKDWN_HTML): string[] {
  const problems: string[] = [];
  if (/<script/i.test(html)) problems.push('script tag');
  for (const [, name = '', attributes = ''] of html.matchAll(TAG)) {
    if (!grammar.tags.has(name)) problems.push(`tag <${name}>`);
    if (/\bon\w*\s*=/i.test(attributes.replace(/"[^"]*"/g, '""'))) problems.push(`event handler in <${name}${attributes}>`);
    let parsed = '';
    for (const [whole, attribute = '', value = ''] of attributes.matchAll(ATTRIBUTE)) {
      parsed += whole;
      if (!grammar.attributes.has(attribute)) problems.push(`attribute ${attribute}`);
      if (attribute === 'href' && !SAFE_HREF.test(decodeHtml(value))) problems.push(`href ${value}`);
    }
    if (parsed !== attributes) problems.push(`unparsed attributes in <${name}${attributes}>`);
  }
  if (/[<>]/.test(html.replace(TAG, ''))) problems.push('raw < or > outside tags');
  return problems;
}

/** The text a browser shows for `html`: tags dropped, character references decoded. */
export function htmlText(html: string): string {
  return decodeHtml(html.replace(TAG, ''));
}

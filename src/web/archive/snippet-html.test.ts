import { describe, expect, it } from 'vitest';
import { buildSnippet } from '../../core/search/highlight.ts';
import type { SnippetPart } from '../../core/search/port.ts';
import { htmlSafetyProblems, htmlText, type HtmlGrammar } from '../../../tests/support/html-safety.ts';
import { xssPayloads } from '../../../tests/support/xss-corpus.ts';
import { snippetHtml } from './snippet-html.ts';

/** A snippet's only markup is the highlight. */
const SNIPPET_HTML: HtmlGrammar = { tags: new Set(['mark']), attributes: new Set() };

// Words of the corpus, so that hostile text lands both inside and around the highlights.
const matcher = { words: new Set(['script', 'alert', 'img', 'onerror', 'x']), prefixes: ['java', 'svg'] };

/** Each payload as the search builds its snippet, and as raw parts on either side of a highlight. */
const snippets: [string, SnippetPart[]][] = xssPayloads.flatMap((payload): [string, SnippetPart[]][] => [
  [payload, buildSnippet(payload, matcher)],
  [payload, [{ text: payload, match: false }, { text: payload, match: true }, { text: payload, match: false }]],
]);

describe('search snippets', () => {
  it('highlight the words that matched, in order', () => {
    expect(snippetHtml([{ text: 'la ', match: false }, { text: 'Université', match: true }, { text: ' de Montréal', match: false }])).toBe(
      'la <mark>Université</mark> de Montréal',
    );
  });

  it('keep every hostile text of the corpus inert', () => {
    const problems = snippets.flatMap(([payload, parts]) => {
      const html = snippetHtml(parts);
      return htmlSafetyProblems(html, SNIPPET_HTML).map((problem) => `${JSON.stringify(payload)}: ${problem} in ${html}`);
    });
    expect(problems).toEqual([]);
  });

  it('escape hostile text rather than drop or mangle it', () => {
    for (const [payload, parts] of snippets) {
      const html = snippetHtml(parts);
      expect(htmlText(html), payload).toBe(parts.map((part) => part.text).join(''));
      expect(html.match(/<mark>/g)?.length ?? 0, payload).toBe(parts.filter((part) => part.match).length);
    }
  });

  it('escape quotes too, so a snippet stays text wherever it is placed', () => {
    expect(snippetHtml([{ text: `"'&<>`, match: true }])).toBe('<mark>&quot;&#39;&amp;&lt;&gt;</mark>');
  });
});

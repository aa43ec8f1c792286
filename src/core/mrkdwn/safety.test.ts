import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlSafetyProblems } from '../../../tests/support/html-safety.ts';
import { badSchemeLinks, hostileResolver, plainResolver, xssPayloads } from '../../../tests/support/xss-corpus.ts';
import { renderMrkdwn } from './render.ts';

describe('XSS corpus', () => {
  it('has enough payloads', () => {
    expect(xssPayloads.length).toBeGreaterThanOrEqual(60);
  });

  it.each(xssPayloads)('renders %j safely', (payload) => {
    for (const resolve of [hostileResolver, plainResolver]) {
      expect(htmlSafetyProblems(renderMrkdwn(payload, resolve).html)).toEqual([]);
    }
  });

  it.each(badSchemeLinks)('never links %j', (payload) => {
    expect(renderMrkdwn(payload, plainResolver).html).not.toContain('<a ');
  });

  it('accepts only site paths and linkable URLs from the resolver', () => {
    const { html } = renderMrkdwn('<@U1> <@W2> <@U3> <#C1> <#C2>', hostileResolver);
    expect(html.match(/href="[^"]*"/g)).toEqual(['href="/people/%22onmouseover=%22alert(1)"']);
  });

  it('catches what it is meant to catch', () => {
    expect(htmlSafetyProblems('<img src=x>')).not.toEqual([]);
    expect(htmlSafetyProblems('<a href="javascript:alert(1)">x</a>')).not.toEqual([]);
    expect(htmlSafetyProblems('<a href="&#106;avascript:x">x</a>')).not.toEqual([]);
    expect(htmlSafetyProblems('<span onclick="x">x</span>')).not.toEqual([]);
    expect(htmlSafetyProblems('<span title="x">x</span>')).not.toEqual([]);
    expect(htmlSafetyProblems('<span class=x>y</span>')).not.toEqual([]);
    expect(htmlSafetyProblems('<a href="https://x.org/" onclick="y">x</a>')).not.toEqual([]);
    expect(htmlSafetyProblems('<a href="https://x.org/&#39;onclick=&#39;">x</a>')).toEqual([]);
    expect(htmlSafetyProblems('a > b')).not.toEqual([]);
  });
});

/** Fragments that exercise the parser far more often than uniform strings do. */
const mrkdwnish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<', '>', '|', '*', '_', '~', '`', '```', ':', '\n', ' ', '"', "'", '&', ';', '=', '/', '^', '#', '@', '!',
        '&gt;', '&lt;', '&amp;', '&#106;', 'a', 'é', '\t', '\u0000',
        '@U1', '#C1', '!here', '!subteam^S1', '!date^1^x', ':smile:', ':skin-tone-3:', ':+1:',
        'https://example.org', 'http:', 'mailto:', 'javascript:', 'JaVaScRiPt:', 'data:', 'vbscript:',
        '?t=xoxe-1', 'onerror=', 'script', 'img',
      ),
      fc.string({ maxLength: 3 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('property', () => {
  it('never throws and stays safe for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (source) => {
        expect(htmlSafetyProblems(renderMrkdwn(source, hostileResolver).html)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws and stays safe for mrkdwn-like strings', () => {
    fc.assert(
      fc.property(mrkdwnish, fc.constantFrom(hostileResolver, plainResolver), (source, resolve) => {
        expect(htmlSafetyProblems(renderMrkdwn(source, resolve).html)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('robustness', () => {
  const size = 40_000;
  const fill = (unit: string): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const half = size / 2;
  const adversarial: Record<string, string> = {
    'unclosed angles': fill('<'),
    'angles without content': fill('<<>>'),
    'pipes in an unclosed link': fill('<|'),
    'backticks': fill('`'),
    'unclosed fence then backticks': `\`\`\`${fill('`a')}`,
    'stars': fill('*'),
    'marker soup': fill('*_~'),
    'deep nesting': `${fill('*_~').slice(0, half - 1)}x${fill('~_*').slice(0, half)}`,
    'openers then closers': `${fill('*a ').slice(0, half)}${fill('a* ').slice(0, half)}`,
    'openers of every kind': fill(' *a _b ~c'),
    'colons': fill(':'),
    'almost shortcodes': fill(':smile'),
    'skin tones': fill(':thumbsup::skin-tone-3:'),
    'quote lines': fill('&gt;\n'),
    'newlines': fill('a\n'),
    'mention of a huge id': `<@${fill('U')}>`,
    'entities': fill('&amp;lt;'),
  };

  it.each(Object.entries(adversarial))('renders %s (40k chars) in well under 100 ms', (_, source) => {
    // The best of a few runs measures the algorithm rather than a garbage collection or a busy machine.
    let fastest = Infinity;
    let html = '';
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      html = renderMrkdwn(source, plainResolver).html;
      fastest = Math.min(fastest, performance.now() - started);
    }
    expect(fastest).toBeLessThan(100);
    expect(htmlSafetyProblems(html)).toEqual([]);
  });

  it('caps the element depth of deeply nested markers', () => {
    const depth = 5000;
    const { html, text } = renderMrkdwn(`${'*_~'.repeat(depth)}x${'~_*'.repeat(depth)}`, plainResolver);
    expect(html).toBe('<strong><em><del>x</del></em></strong>');
    expect(text).toBe('x');
  });
});

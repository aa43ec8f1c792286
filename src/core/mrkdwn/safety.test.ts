import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adversarialMrkdwn } from '../../../bench/mrkdwn-inputs.ts';
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
  // Time is bench:mrkdwn's to measure (bench/mrkdwn.ts); here, what a slow parser's output would also show.
  const size = 20_000;
  const inputs = adversarialMrkdwn(size);
  const doubled = adversarialMrkdwn(2 * size);

  it.each(Object.keys(inputs))('renders %s safely, its output growing in proportion to its input', (name) => {
    const html = renderMrkdwn(inputs[name]!, plainResolver).html;
    const twice = renderMrkdwn(doubled[name]!, plainResolver).html;
    expect(htmlSafetyProblems(html)).toEqual([]);
    expect(htmlSafetyProblems(twice)).toEqual([]);
    // Twice the input, twice the output give or take a few tags at the edges: nothing re-emitted per
    // opener, nothing lost past some length.
    expect(Math.abs(twice.length - 2 * html.length)).toBeLessThanOrEqual(64);
  });

  it('caps the element depth of deeply nested markers', () => {
    const depth = 5000;
    const { html, text } = renderMrkdwn(`${'*_~'.repeat(depth)}x${'~_*'.repeat(depth)}`, plainResolver);
    expect(html).toBe('<strong><em><del>x</del></em></strong>');
    expect(text).toBe('x');
  });
});

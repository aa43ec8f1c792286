import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MentionResolver } from './mention-resolver.ts';
import { renderMrkdwn } from './render.ts';

const ALLOWED_TAGS = new Set(['strong', 'em', 'del', 'code', 'pre', 'blockquote', 'br', 'a', 'span']);
const ALLOWED_ATTRIBUTES = new Set(['href', 'class', 'rel']);
const SAFE_HREF = /^(?:https?:\/\/|mailto:|\/)/;
const TAG = /<\/?([^\s>/]*)([^>]*)>/g;
const ATTRIBUTE = /\s+([^\s=]+)="([^"]*)"/g;

function decodeAttribute(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Our output grammar is tiny, so a regex over its tags is a sufficient parser. */
function safetyProblems(html: string): string[] {
  const problems: string[] = [];
  if (/<script/i.test(html)) problems.push('script tag');
  for (const [, name = '', attributes = ''] of html.matchAll(TAG)) {
    if (!ALLOWED_TAGS.has(name)) problems.push(`tag <${name}>`);
    if (/\bon\w*\s*=/i.test(attributes.replace(/"[^"]*"/g, '""'))) problems.push(`event handler in <${name}${attributes}>`);
    let parsed = '';
    for (const [whole, attribute = '', value = ''] of attributes.matchAll(ATTRIBUTE)) {
      parsed += whole;
      if (!ALLOWED_ATTRIBUTES.has(attribute)) problems.push(`attribute ${attribute}`);
      if (attribute === 'href' && !SAFE_HREF.test(decodeAttribute(value))) problems.push(`href ${value}`);
    }
    if (parsed !== attributes) problems.push(`unparsed attributes in <${name}${attributes}>`);
  }
  if (/[<>]/.test(html.replace(TAG, ''))) problems.push('raw < or > outside tags');
  return problems;
}

const hostileResolver: MentionResolver = {
  userName: (id) => (id === 'U1' ? '<img src=x onerror=alert(1)>' : id === 'W2' ? '"><script>alert(1)</script>' : undefined),
  channelName: (id) => (id === 'C1' ? "' onmouseover='alert(1)" : undefined),
  userGroupName: (id) => (id === 'S1' ? '<svg onload=alert(1)>' : undefined),
  userHref: (id) => (id === 'U1' ? 'javascript:alert(1)' : id === 'W2' ? '/people/"onmouseover="alert(1)' : '//evil.example/'),
  channelHref: (id) => (id === 'C1' ? '/\\evil.example' : 'data:text/html,<script>alert(1)</script>'),
};

const plainResolver: MentionResolver = {
  userName: () => undefined,
  channelName: () => undefined,
  userGroupName: () => undefined,
};

/** Payloads whose link part must never become an `<a>`. */
const badSchemeLinks = [
  '<javascript:alert(1)>',
  '<javascript:alert(1)|click>',
  '<JaVaScRiPt:alert(1)|click>',
  '<JAVASCRIPT:alert(1)|click>',
  '<java\tscript:alert(1)|click>',
  '<java\nscript:alert(1)|click>',
  '< javascript:alert(1)|click>',
  '<\u0001javascript:alert(1)|click>',
  '<\u0000javascript:alert(1)|click>',
  '<javascript\u0000:alert(1)|click>',
  '<\u00a0javascript:alert(1)|click>',
  '<&#106;avascript:alert(1)|click>',
  '<&amp;#106;avascript:alert(1)|click>',
  '<&#x6A;avascript:alert(1)|click>',
  '<javascript&#58;alert(1)|click>',
  '<javascript&amp;colon;alert(1)|click>',
  '<ｊａｖａｓｃｒｉｐｔ:alert(1)|click>',
  '<javascript:alert(1)//https://example.org|click>',
  '<javascript://example.org/%0Aalert(1)|click>',
  '<data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;|click>',
  '<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==|click>',
  '<DATA:text/html,x|click>',
  '<vbscript:msgbox(1)|click>',
  '<VBScript:msgbox(1)>',
  '<file:///etc/passwd|click>',
  '<blob:https://example.org/0000|click>',
  '<about:blank|click>',
  '<//evil.example/|click>',
  '<\\\\evil.example|click>',
  '<https:javascript:alert(1)|click>',
  '<svg/onload=alert(1)|click>',
  '*_~<javascript:alert(1)|click>~_*',
];

const otherPayloads = [
  '<script>alert(1)</script>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;',
  '<img src=x onerror=alert(1)>',
  '&lt;img src=x onerror=alert(1)&gt;',
  '<svg onload=alert(1)>',
  '&lt;svg onload=alert(1)&gt;',
  '<iframe src=javascript:alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;',
  '<style>*{background:url(javascript:alert(1))}</style>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '< script>alert(1)</script>',
  '<scr<script>ipt>alert(1)</script>',
  '<<script>alert(1)</script>>',
  '<<https://example.org|x>>',
  '<https://example.org/<script>|x>',
  '<data:text/html,<script>alert(1)</script>|x>',
  '<https://example.org/" onmouseover="alert(1)|x>',
  '<https://example.org/|x" onmouseover="alert(1)>',
  "<https://example.org/|x' onmouseover='alert(1)>",
  "<https://example.org/'onmouseover='alert(1)'>",
  '<https://example.org/?q="><script>alert(1)</script>|x>',
  '<https://example.org/?q=&quot;&gt;&lt;script&gt;|x>',
  '<https://example.org/\\"><img src=x>|x>',
  '<https://example.org/%22onmouseover=%22alert(1)|x>',
  '<https://example.org|<script>alert(1)</script>>',
  '<https://example.org|&lt;script&gt;alert(1)&lt;/script&gt;>',
  '<https://example.org|onerror=alert(1)>',
  '<https://example.org|x>"><script>alert(1)</script>',
  '<https://example.org/#javascript:alert(1)|x>',
  '<https://user:pass@example.org|x>',
  '<HTTPS://EXAMPLE.ORG|x>',
  '<http://example.org/\u202Egnp.exe|x>',
  '<https://exa\u0000mple.org|x>',
  '<mailto:javascript:alert(1)|x>',
  '<mailto:a@example.org?subject="><script>|x>',
  '<https://files.slack.com/f?t=xoxe-1"onload="x|x>',
  '<@U1>',
  '<@W2>',
  '<@U3|<img src=x onerror=alert(1)>>',
  '<@U9|&lt;img src=x onerror=alert(1)&gt;>',
  '<@U9|" onmouseover="alert(1)>',
  '<#C1>',
  '<#C9|&lt;svg onload=alert(1)&gt;>',
  '<!subteam^S1>',
  '<!subteam^S9|&lt;script&gt;>',
  '<!date^1^x|&lt;script&gt;alert(1)&lt;/script&gt;>',
  '<!here|<script>>',
  '<!foo|&lt;img onerror=x&gt;>',
  '*<img src=x onerror=alert(1)>*',
  '`<script>alert(1)</script>`',
  '`&lt;script&gt;`',
  '```<script>alert(1)</script>```',
  '```<javascript:alert(1)|x>```',
  '```&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;```',
  '&gt; <script>alert(1)</script>',
  '> <img src=x onerror=alert(1)>',
  ':smile:<script>',
  '&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;',
  String.raw`\u003cscript\u003ealert(1)\u003c/script\u003e`,
  '\uFF1Cscript\uFF1Ealert(1)\uFF1C/script\uFF1E',
  '\u2028<script>\u2029',
  '<\u0130mg src=x onerror=alert(1)>',
];

describe('XSS corpus', () => {
  it('has enough payloads', () => {
    expect(badSchemeLinks.length + otherPayloads.length).toBeGreaterThanOrEqual(60);
  });

  it.each([...badSchemeLinks, ...otherPayloads])('renders %j safely', (payload) => {
    for (const resolve of [hostileResolver, plainResolver]) {
      expect(safetyProblems(renderMrkdwn(payload, resolve).html)).toEqual([]);
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
    expect(safetyProblems('<img src=x>')).not.toEqual([]);
    expect(safetyProblems('<a href="javascript:alert(1)">x</a>')).not.toEqual([]);
    expect(safetyProblems('<a href="&#106;avascript:x">x</a>')).not.toEqual([]);
    expect(safetyProblems('<span onclick="x">x</span>')).not.toEqual([]);
    expect(safetyProblems('<span title="x">x</span>')).not.toEqual([]);
    expect(safetyProblems('<span class=x>y</span>')).not.toEqual([]);
    expect(safetyProblems('<a href="https://x.org/" onclick="y">x</a>')).not.toEqual([]);
    expect(safetyProblems('<a href="https://x.org/&#39;onclick=&#39;">x</a>')).toEqual([]);
    expect(safetyProblems('a > b')).not.toEqual([]);
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
        expect(safetyProblems(renderMrkdwn(source, hostileResolver).html)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws and stays safe for mrkdwn-like strings', () => {
    fc.assert(
      fc.property(mrkdwnish, fc.constantFrom(hostileResolver, plainResolver), (source, resolve) => {
        expect(safetyProblems(renderMrkdwn(source, resolve).html)).toEqual([]);
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
    // Under mutation testing (npm run test:mutation) every expression is instrumented: the time says
    // nothing there, so one run checks the output only, and Stryker's timeouts catch a blow-up.
    const timed = process.env.MUTATION_TESTING !== '1';
    let fastest = Infinity;
    let html = '';
    for (let run = 0; run < (timed ? 3 : 1); run++) {
      const started = performance.now();
      html = renderMrkdwn(source, plainResolver).html;
      fastest = Math.min(fastest, performance.now() - started);
    }
    if (timed) expect(fastest).toBeLessThan(100);
    expect(safetyProblems(html)).toEqual([]);
  });

  it('caps the element depth of deeply nested markers', () => {
    const depth = 5000;
    const { html, text } = renderMrkdwn(`${'*_~'.repeat(depth)}x${'~_*'.repeat(depth)}`, plainResolver);
    expect(html).toBe('<strong><em><del>x</del></em></strong>');
    expect(text).toBe('x');
  });
});

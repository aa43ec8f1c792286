import { describe, expect, it } from 'vitest';
import type { MentionResolver } from './mention-resolver.ts';
import { renderMrkdwn } from './render.ts';

const users: Record<string, string> = { U1: 'Amélie', W2: "Jean-François L'Hôte" };
const channels: Record<string, string> = { C1: 'général', G2: 'bureau' };
const groups: Record<string, string> = { S1: 'chercheurs' };

const resolver: MentionResolver = {
  userName: (id) => users[id],
  channelName: (id) => channels[id],
  userGroupName: (id) => groups[id],
};

const linkingResolver: MentionResolver = {
  ...resolver,
  userHref: (id) => `/membres/${id}`,
  channelHref: (id) => `/archives/${id}`,
};

const html = (source: string, resolve = resolver): string => renderMrkdwn(source, resolve).html;
const text = (source: string, resolve = resolver): string => renderMrkdwn(source, resolve).text;

describe('entities', () => {
  it('decodes the three Slack entities once and escapes for HTML', () => {
    expect(renderMrkdwn('a &amp; b &lt;c&gt;', resolver)).toEqual({ html: 'a &amp; b &lt;c&gt;', text: 'a & b <c>' });
  });

  it('shows a double-escaped entity literally', () => {
    expect(renderMrkdwn('&amp;lt;b&amp;gt; &amp;amp;', resolver)).toEqual({
      html: '&amp;lt;b&amp;gt; &amp;amp;',
      text: '&lt;b&gt; &amp;',
    });
  });

  it('leaves other entities alone, since Slack never writes them', () => {
    expect(renderMrkdwn('&quot;x&quot; &#39;y', resolver)).toEqual({ html: '&amp;quot;x&amp;quot; &amp;#39;y', text: '&quot;x&quot; &#39;y' });
  });

  it('escapes quotes and apostrophes in text', () => {
    expect(html(`"guillemets" et l'apostrophe`)).toBe('&quot;guillemets&quot; et l&#39;apostrophe');
  });

  it('decodes entities once inside code and pre too', () => {
    expect(renderMrkdwn('`a &amp;&amp; b &amp;lt;` ```x &gt; y```', resolver)).toEqual({
      html: '<code>a &amp;&amp; b &amp;lt;</code> <pre><code>x &gt; y</code></pre>',
      text: 'a && b &lt; x > y',
    });
  });
});

describe('user mentions', () => {
  it('resolves user ids to display names', () => {
    expect(renderMrkdwn('Merci <@U1> et <@W2>', resolver)).toEqual({
      html: 'Merci <span class="mention">@Amélie</span> et <span class="mention">@Jean-François L&#39;Hôte</span>',
      text: "Merci @Amélie et @Jean-François L'Hôte",
    });
  });

  it('prefers the resolved name over a legacy label', () => {
    expect(text('<@U1|amelie.old>')).toBe('@Amélie');
  });

  it('falls back to the label, then to the id', () => {
    expect(html('<@U9|marie>')).toBe('<span class="mention">@marie</span>');
    expect(html('<@U9>')).toBe('<span class="mention">@U9</span>');
  });

  it('does not double the @ of a label that already has one', () => {
    expect(text('<@U9|@marie>')).toBe('@marie');
  });

  it('links to the person page when the resolver gives an href', () => {
    expect(html('<@U1>', linkingResolver)).toBe('<a class="mention" href="/membres/U1">@Amélie</a>');
  });

  it('refuses resolver hrefs that leave the site or use other schemes', () => {
    for (const href of ['javascript:alert(1)', '//evil.example/x', '/\\evil.example', '/\t/evil.example', 'data:text/html,x']) {
      expect(html('<@U1>', { ...resolver, userHref: () => href })).toBe('<span class="mention">@Amélie</span>');
    }
  });

  it('refuses a resolver path that does not parse as a URL, without throwing', () => {
    for (const href of ['//[', '//a b']) {
      expect(html('<@U1>', { ...resolver, userHref: () => href })).toBe('<span class="mention">@Amélie</span>');
    }
  });

  it('keeps an absolute http(s) href from the resolver, such as a page on another site of the community', () => {
    expect(html('<@U1>', { ...resolver, userHref: () => 'https://chat.example.org/equipe/messages/@amelie' })).toBe(
      '<a class="mention" href="https://chat.example.org/equipe/messages/@amelie">@Amélie</a>',
    );
  });

  it('escapes names that look like HTML', () => {
    expect(html('<@U5>', { ...resolver, userName: () => '<b>"x"</b>' })).toBe(
      '<span class="mention">@&lt;b&gt;&quot;x&quot;&lt;/b&gt;</span>',
    );
  });
});

describe('channel mentions', () => {
  it('resolves channel ids, with or without an empty label', () => {
    expect(html('<#C1>')).toBe('<span class="mention">#général</span>');
    expect(html('<#C1|>')).toBe('<span class="mention">#général</span>');
    expect(text('<#G2|ancien-nom>')).toBe('#bureau');
  });

  it('falls back to the label, then to the id', () => {
    expect(text('<#C9|ancien-nom>')).toBe('#ancien-nom');
    expect(text('<#C9|>')).toBe('#C9');
    expect(text('<#C9>')).toBe('#C9');
  });

  it('links when the resolver gives an href', () => {
    expect(html('<#C1>', linkingResolver)).toBe('<a class="mention" href="/archives/C1">#général</a>');
  });
});

describe('special mentions', () => {
  it('renders broadcasts as mentions', () => {
    expect(renderMrkdwn('<!here> <!channel> <!everyone> <!here|@here>', resolver)).toEqual({
      html: '<span class="mention">@here</span> <span class="mention">@channel</span> <span class="mention">@everyone</span> <span class="mention">@here</span>',
      text: '@here @channel @everyone @here',
    });
  });

  it('resolves user groups, falling back to the handle then the id', () => {
    expect(html('<!subteam^S1>')).toBe('<span class="mention">@chercheurs</span>');
    expect(html('<!subteam^S1|@old-handle>')).toBe('<span class="mention">@chercheurs</span>');
    expect(html('<!subteam^S9|@equipe>')).toBe('<span class="mention">@equipe</span>');
    expect(text('<!subteam^S9>')).toBe('@S9');
  });

  it('shows the fallback text of dates', () => {
    expect(renderMrkdwn('Réunion le <!date^1392734382^{date_short}|Feb 18, 2014>.', resolver)).toEqual({
      html: 'Réunion le Feb 18, 2014.',
      text: 'Réunion le Feb 18, 2014.',
    });
  });

  it('shows the UTC day of a date without fallback', () => {
    expect(text('<!date^1392734382^{date_short}>')).toBe('2014-02-18');
  });

  it('shows nothing for a date without fallback whose time is missing or unreadable', () => {
    expect(renderMrkdwn('le <!date^bientôt> ou <!date>.', resolver)).toEqual({ html: 'le  ou .', text: 'le  ou .' });
  });

  it('shows a user group without id and an unknown special as typed, with an @, unless labelled', () => {
    expect(renderMrkdwn('<!subteam> <!inconnu> <!inconnu|un libellé>', resolver)).toEqual({
      html: '@subteam @inconnu un libellé',
      text: '@subteam @inconnu un libellé',
    });
  });

  it('shows a construct with an empty id as its label, or as typed', () => {
    expect(renderMrkdwn('<@> <#> <!> <@|marie>', linkingResolver)).toEqual({ html: '@ # ! marie', text: '@ # ! marie' });
  });
});

describe('links', () => {
  it('links a bare URL, showing the re-serialised URL', () => {
    expect(renderMrkdwn('<https://example.org>', resolver)).toEqual({
      html: '<a href="https://example.org/" rel="nofollow noopener noreferrer" class="external">https://example.org/</a>',
      text: 'https://example.org/',
    });
  });

  it('uses the label and indexes it with the URL', () => {
    expect(renderMrkdwn('voir <https://example.org/a?b=1&amp;c=2|le programme>', resolver)).toEqual({
      html: 'voir <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener noreferrer" class="external">le programme</a>',
      text: 'voir le programme https://example.org/a?b=1&c=2',
    });
  });

  it('indexes the URL once when the label repeats it', () => {
    expect(text('<http://example.org|http://example.org>')).toBe('http://example.org/');
  });

  it('links mailto addresses', () => {
    expect(renderMrkdwn('<mailto:contact@example.org|écrire>', resolver)).toEqual({
      html: '<a href="mailto:contact@example.org" rel="nofollow noopener noreferrer" class="external">écrire</a>',
      text: 'écrire mailto:contact@example.org',
    });
  });

  it('escapes quotes in labels and URLs', () => {
    expect(html(`<https://example.org/?q="it's"|"l'été">`)).toBe(
      '<a href="https://example.org/?q=%22it%27s%22" rel="nofollow noopener noreferrer" class="external">&quot;l&#39;été&quot;</a>',
    );
  });

  it('shows other schemes as plain text', () => {
    expect(renderMrkdwn('<javascript:alert(1)|cliquer> <ftp://example.org/f> <data:text/html,x>', resolver)).toEqual({
      html: 'cliquer ftp://example.org/f data:text/html,x',
      text: 'cliquer ftp://example.org/f data:text/html,x',
    });
  });

  it('keeps an unclosed angle bracket before a link as text, and still links the link', () => {
    expect(html('<a <https://example.org>')).toBe(
      '&lt;a <a href="https://example.org/" rel="nofollow noopener noreferrer" class="external">https://example.org/</a>',
    );
  });

  it('keeps an unclosed angle bracket as text', () => {
    expect(renderMrkdwn('<https://example.org|x et <@U1>', resolver)).toEqual({
      html: '&lt;https://example.org|x et <span class="mention">@Amélie</span>',
      text: '<https://example.org|x et @Amélie',
    });
  });

  it('drops the secret t parameter of export file links', () => {
    const rendered = renderMrkdwn('<https://files.slack.com/files-pri/T1-F1/rapport.pdf?t=xoxe-123-abc>', resolver);
    expect(rendered.html).toBe(
      '<a href="https://files.slack.com/files-pri/T1-F1/rapport.pdf" rel="nofollow noopener noreferrer" class="external">https://files.slack.com/files-pri/T1-F1/rapport.pdf</a>',
    );
    expect(rendered.text).toBe('https://files.slack.com/files-pri/T1-F1/rapport.pdf');
  });

  it('drops every secret parameter and keeps the others', () => {
    expect(text('<https://example.org/f?t=xoxe-1&amp;v=2&amp;t=xoxe-3|f>')).toBe('f https://example.org/f?v=2');
  });

  it('keeps a URL without a t parameter exactly as written, escapes included', () => {
    expect(html('<https://example.org/search?q=a%20b&lang=fr>')).toContain('href="https://example.org/search?q=a%20b&amp;lang=fr"');
  });

  it('drops the token from a label that repeats the URL', () => {
    expect(text('<https://files.slack.com/f.png?t=xoxe-9|https://files.slack.com/f.png?t=xoxe-9>')).toBe(
      'https://files.slack.com/f.png',
    );
  });

  it('drops the token from URLs shown as text in code', () => {
    const rendered = renderMrkdwn('`<https://files.slack.com/f?t=xoxe-1>` ```<https://files.slack.com/g?t=xoxe-2>```', resolver);
    expect(rendered.html).not.toContain('xoxe');
    expect(rendered.text).toBe('https://files.slack.com/f https://files.slack.com/g');
  });
});

describe('inline formatting', () => {
  it('renders bold, italic, strike and code', () => {
    expect(renderMrkdwn('*gras* _italique_ ~barré~ `code`', resolver)).toEqual({
      html: '<strong>gras</strong> <em>italique</em> <del>barré</del> <code>code</code>',
      text: 'gras italique barré code',
    });
  });

  it('nests styles', () => {
    expect(html('*_~tout~_*')).toBe('<strong><em><del>tout</del></em></strong>');
    expect(html('*gras _et italique_*')).toBe('<strong>gras <em>et italique</em></strong>');
  });

  it('folds a style nested in itself', () => {
    expect(html('**gras**')).toBe('<strong>gras</strong>');
    expect(html('*a *b* c*')).toBe('<strong>a b c</strong>');
  });

  it('formats French text with accents and apostrophes', () => {
    expect(renderMrkdwn("L'*été* à _Montréal_, c'est ~froid~ *très chaud*.", resolver)).toEqual({
      html: 'L&#39;<strong>été</strong> à <em>Montréal</em>, c&#39;est <del>froid</del> <strong>très chaud</strong>.',
      text: "L'été à Montréal, c'est froid très chaud.",
    });
  });

  it('needs word boundaries around markers', () => {
    expect(html('snake_case_name 2*3*4 a~b~c é_x_')).toBe('snake_case_name 2*3*4 a~b~c é_x_');
    expect(html('*pas du gras*suivi')).toBe('*pas du gras*suivi');
  });

  it('needs non-space next to the inside of markers', () => {
    expect(html('* liste * et _ rien _')).toBe('* liste * et _ rien _');
  });

  it('allows punctuation around markers', () => {
    expect(html('(*gras*), «_cité_»!')).toBe('(<strong>gras</strong>), «<em>cité</em>»!');
  });

  it('does not span newlines', () => {
    expect(html('*début\nfin*')).toBe('*début<br>fin*');
  });

  it('keeps unmatched markers literal', () => {
    expect(renderMrkdwn('*a _b ~c `d', resolver)).toEqual({ html: '*a _b ~c `d', text: '*a _b ~c `d' });
  });

  it('keeps empty spans literal', () => {
    expect(html('** __ `` ~~')).toBe('** __ `` ~~');
  });

  it('closes the nearest opener and leaves crossed markers literal', () => {
    expect(html('*a _b* c_')).toBe('<strong>a _b</strong> c_');
  });

  it('formats around mentions and links', () => {
    expect(html('*<@U1>* _<https://example.org|site>_')).toBe(
      '<strong><span class="mention">@Amélie</span></strong> <em><a href="https://example.org/" rel="nofollow noopener noreferrer" class="external">site</a></em>',
    );
  });

  it('applies no formatting or emoji inside code', () => {
    expect(renderMrkdwn('`*pas* _de_ :smile: ~style~`', resolver)).toEqual({
      html: '<code>*pas* _de_ :smile: ~style~</code>',
      text: '*pas* _de_ :smile: ~style~',
    });
  });

  it('shows mentions and links inside code as words', () => {
    expect(html('`<@U1> <https://example.org|site> <http://example.org>`')).toBe(
      '<code>@Amélie site http://example.org/</code>',
    );
  });

  it('shows constructs that cannot link inside code as their words', () => {
    expect(html('`<ftp://example.org/f> <!date^1392734382^{date_short}|18 février>`')).toBe(
      '<code>ftp://example.org/f 18 février</code>',
    );
  });

  it('keeps a > that closes no construct inside code', () => {
    expect(html('`a > b` `<@U1> > 0`')).toBe('<code>a &gt; b</code> <code>@Amélie &gt; 0</code>');
  });

  it('counts an astral or fullwidth letter before a marker as a letter', () => {
    // 𝐀 (U+1D400) and 𠯿 (U+20BFF) end in the lowest and highest low surrogates.
    expect(html('𝐀*a* x𝐀_b_ \u{20BFF}~c~')).toBe('𝐀*a* x𝐀_b_ \u{20BFF}~c~');
    expect(html('𝐀 *a*')).toBe('𝐀 <strong>a</strong>');
    // A letter above the surrogate range (fullwidth Ｆ, U+FF26) is one code unit: the one before it does not count.
    expect(html('x Ｆ*d*')).toBe('x Ｆ*d*');
  });
});

describe('preformatted blocks', () => {
  it('keeps lines and drops the newlines next to the fences', () => {
    expect(renderMrkdwn('```\nif (a < b) {\n  *x* = _y_;\n}\n```', resolver)).toEqual({
      html: '<pre><code>if (a &lt; b) {\n  *x* = _y_;\n}</code></pre>',
      text: 'if (a < b) {\n  *x* = _y_;\n}',
    });
  });

  it('drops only a newline right after the opening fence or right before the closing one', () => {
    expect(html('```a\n```')).toBe('<pre><code>a</code></pre>');
    expect(html('```\na```')).toBe('<pre><code>a</code></pre>');
    expect(html('```\n\na\n\n```')).toBe('<pre><code>\na\n</code></pre>');
  });

  it('decodes Slack escapes inside the block', () => {
    expect(text('```if (a &lt; b &amp;&amp; c &gt; d)```')).toBe('if (a < b && c > d)');
  });

  it('shows links inside the block as the URL text', () => {
    expect(html('```curl <https://api.example.org/v1> <http://example.org|example.org>```')).toBe(
      '<pre><code>curl https://api.example.org/v1 example.org</code></pre>',
    );
  });

  it('never reads a construct across a line of the block', () => {
    expect(renderMrkdwn('```x <y\nz> <https://example.org>```', resolver)).toEqual({
      html: '<pre><code>x &lt;y\nz&gt; https://example.org/</code></pre>',
      text: 'x <y\nz> https://example.org/',
    });
  });

  it('can start and end mid-line', () => {
    expect(html('voir ```a *b*``` ici')).toBe('voir <pre><code>a *b*</code></pre> ici');
  });

  it('puts no extra empty line after a block', () => {
    expect(html('avant\n```code```\naprès')).toBe('avant<br><pre><code>code</code></pre>après');
    expect(text('avant\n```code```\naprès')).toBe('avant\ncode\naprès');
  });

  it('keeps an unclosed fence as text', () => {
    expect(html('```pas fermé *gras*')).toBe('```pas fermé <strong>gras</strong>');
    expect(html('``````')).toBe('``````');
  });
});

describe('block quotes', () => {
  it('joins consecutive quoted lines into one quote', () => {
    expect(renderMrkdwn('&gt; première\n&gt; seconde\nréponse', resolver)).toEqual({
      html: '<blockquote>première<br>seconde</blockquote>réponse',
      text: 'première\nseconde\nréponse',
    });
  });

  it('starts a new quote after an unquoted line', () => {
    expect(html('&gt; a\nb\n&gt; c')).toBe('<blockquote>a</blockquote>b<br><blockquote>c</blockquote>');
  });

  it('accepts a raw > and a marker without space', () => {
    expect(html('> a\n&gt;b')).toBe('<blockquote>a<br>b</blockquote>');
  });

  it('quotes the rest of the message after >>>', () => {
    expect(html('intro\n&gt;&gt;&gt; a\nb\n\nc')).toBe('intro<br><blockquote>a<br>b<br><br>c</blockquote>');
  });

  it('keeps a > at the start of a line already quoted by >>> as text', () => {
    expect(html('&gt;&gt;&gt; a\n&gt; b')).toBe('<blockquote>a<br>&gt; b</blockquote>');
  });

  it('formats inside quotes and can hold a block', () => {
    expect(html('&gt; *gras* ```code```')).toBe('<blockquote><strong>gras</strong> <pre><code>code</code></pre></blockquote>');
  });

  it('only quotes at line start', () => {
    expect(html('5 &gt; 3')).toBe('5 &gt; 3');
  });
});

describe('line breaks', () => {
  it('turns newlines into br, keeping blank lines', () => {
    expect(renderMrkdwn('a\nb\n\nc', resolver)).toEqual({ html: 'a<br>b<br><br>c', text: 'a\nb\n\nc' });
  });

  it('treats CRLF as one newline', () => {
    expect(html('a\r\nb')).toBe('a<br>b');
  });

  it('treats a lone carriage return as a newline', () => {
    expect(renderMrkdwn('a\rb', resolver)).toEqual({ html: 'a<br>b', text: 'a\nb' });
  });

  it('keeps the break of a message that starts with an empty line', () => {
    expect(html('\nbonjour')).toBe('<br>bonjour');
  });
});

describe('emoji', () => {
  it('turns shortcodes into Unicode', () => {
    expect(renderMrkdwn('Bravo :+1: :smile: :heart:', resolver)).toEqual({
      html: 'Bravo 👍 😄 ❤️',
      text: 'Bravo 👍 😄 ❤️',
    });
  });

  it('applies skin tones', () => {
    expect(text(':thumbsup::skin-tone-3: :wave::skin-tone-5:')).toBe('👍🏼 👋🏾');
  });

  it('keeps custom emoji as shortcodes', () => {
    expect(text(':logo_labo: :+1:')).toBe(':logo_labo: 👍');
  });

  it('keeps a custom emoji one letter longer than a known name as a shortcode', () => {
    expect(text(':smilex: :smile:')).toBe(':smilex: 😄');
  });

  it('drops a tone the emoji does not take', () => {
    expect(text(':smile::skin-tone-3:')).toBe('😄');
  });

  it('leaves times and ratios alone', () => {
    expect(text('à 10:30:00, ratio 3:1')).toBe('à 10:30:00, ratio 3:1');
  });
});

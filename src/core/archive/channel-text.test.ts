import { describe, expect, it } from 'vitest';
import { channelPlainText, renderChannelText } from './channel-text.ts';

describe('channel topics and purposes', () => {
  it('decodes &, < and > exactly once, then escapes them once for HTML', () => {
    const rendered = renderChannelText('R&amp;D &lt;équipe&gt; &gt; 3 &amp;amp;');
    expect(rendered.text).toBe('R&D <équipe> > 3 &amp;');
    expect(rendered.html).toBe('R&amp;D &lt;équipe&gt; &gt; 3 &amp;amp;');
  });

  it('round-trips the three characters: what the reader sees is what the author typed', () => {
    for (const typed of ['a & b', '<script>', '3 > 2 < 4', '&lt; literal']) {
      const slack = typed.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
      expect(channelPlainText(slack)).toBe(typed);
    }
  });

  it('turns a raw link into a link, never into markup of its own', () => {
    const rendered = renderChannelText('Docs: <https://example.org/a/very/long/path?x=1&amp;y=2> and <https://example.org|the site>');
    expect(rendered.html).toContain('<a href="https://example.org/a/very/long/path?x=1&amp;y=2"');
    expect(rendered.html).toContain('>the site</a>');
    expect(renderChannelText('<javascript:alert(1)|clic>').html).not.toContain('href="javascript');
  });

  it('names mentioned people when their names are known', () => {
    expect(channelPlainText('Ask <@U1>')).toMatch(/^Ask @?/);
    expect(renderChannelText('Ask <@U1>', new Map([['U1', 'Élise']])).text).toContain('Élise');
  });
});

import { describe, expect, it } from 'vitest';
import { renderMrkdwn } from '../../core/mrkdwn/render.ts';
import { withReachableCode } from './message-html.ts';

const resolver = { userName: () => undefined, channelName: () => undefined, userGroupName: () => undefined };

describe('code blocks in stored message HTML', () => {
  it('makes every rendered code block a labelled, focusable region', () => {
    const { html } = renderMrkdwn('a\n```one```\nb ```two```', resolver);
    const out = withReachableCode(html, 'Code « x »');
    expect(out.match(/<pre tabindex="0" role="region" aria-label="Code « x »">/g)).toHaveLength(2);
  });

  it('leaves a <pre> typed as text alone: it is escaped text, not a block', () => {
    const { html } = renderMrkdwn('look: &lt;pre&gt; and `<pre>`', resolver);
    expect(withReachableCode(html, 'Code')).toBe(html);
  });

  it('escapes the label', () => {
    expect(withReachableCode('<pre><code>x</code></pre>', '"><script>')).toContain('aria-label="&quot;&gt;&lt;script&gt;"');
  });
});

import { describe, expect, it } from 'vitest';
import { htmlSafetyProblems, htmlText, MRKDWN_HTML, type HtmlGrammar } from '../../../../tests/support/html-safety.ts';
import { badSchemeLinks, hostileResolver, plainResolver, xssPayloads } from '../../../../tests/support/xss-corpus.ts';
import type { SlackAttachment } from '../schemas.ts';
import { renderAttachments } from './render-attachments.ts';

/** A card is mrkdwn's markup inside fixed blocks. */
const CARD_HTML: HtmlGrammar = {
  tags: new Set([...MRKDWN_HTML.tags, 'div', 'p', 'dl', 'dt', 'dd']),
  attributes: MRKDWN_HTML.attributes,
};

/** Every field a card shows, each carrying `value` alone (a title_link only links a title, so one stands beside it). */
const PLACEMENTS: Record<string, (value: string) => SlackAttachment> = {
  fallback: (value) => ({ fallback: value }),
  pretext: (value) => ({ pretext: value }),
  author_name: (value) => ({ author_name: value }),
  title: (value) => ({ title: value }),
  title_link: (value) => ({ title: 'Titre', title_link: value }),
  text: (value) => ({ text: value }),
  footer: (value) => ({ footer: value }),
  'field title': (value) => ({ fields: [{ title: value, value: 'valeur' }] }),
  'field value': (value) => ({ fields: [{ title: 'titre', value }] }),
};

/** Fields shown as plain text, never read as mrkdwn: the reader sees exactly what the export says. */
const PLAIN_TEXT_FIELDS = ['author_name'];

/** Every field of one card carrying the same value at once. */
const everyField = (value: string): SlackAttachment => ({
  fallback: value,
  pretext: value,
  author_name: value,
  title: value,
  title_link: value,
  text: value,
  footer: value,
  fields: [{ title: value, value }],
});

function render(attachment: SlackAttachment, resolve = plainResolver): string {
  return renderAttachments([attachment], resolve)?.html ?? '';
}

/** The link target inside a corpus payload such as `<javascript:alert(1)|click>`: what a title_link would hold. */
function linkTarget(payload: string): string {
  return /^<([^|>]*)/.exec(payload)?.[1] ?? payload;
}

describe('attachment cards', () => {
  // Without this, a field the card ignored would pass every safety test below.
  it.each(Object.keys(PLACEMENTS))('show what %s holds', (field) => {
    if (field === 'title_link') expect(render(PLACEMENTS[field]!('https://example.org/canari'))).toContain('href="https://example.org/canari"');
    else expect(htmlText(render(PLACEMENTS[field]!('Canari')))).toContain('Canari');
  });

  it.each(Object.keys(PLACEMENTS))('keep every hostile payload in %s inert', (field) => {
    const problems: string[] = [];
    for (const payload of [...xssPayloads, ...badSchemeLinks.map(linkTarget)]) {
      for (const resolve of [plainResolver, hostileResolver]) {
        const html = render(PLACEMENTS[field]!(payload), resolve);
        problems.push(...htmlSafetyProblems(html, CARD_HTML).map((problem) => `${JSON.stringify(payload)}: ${problem} in ${html}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it('keep every hostile payload inert with all fields filled at once', () => {
    for (const payload of xssPayloads) {
      expect(htmlSafetyProblems(render(everyField(payload), hostileResolver), CARD_HTML), payload).toEqual([]);
    }
  });

  it.each(PLAIN_TEXT_FIELDS)('escape %s rather than drop or mangle it', (field) => {
    for (const payload of xssPayloads) {
      expect(htmlText(render(PLACEMENTS[field]!(payload))), payload).toContain(payload);
    }
  });

  it('read Slack markup in titles and field titles, as bots and feeds write them', () => {
    expect(render({ title: 'Build <https://ci.example.org/job/42|#42> &amp; more' })).toBe(
      '<div class="attachment"><p class="attachment-title">Build <a href="https://ci.example.org/job/42" rel="nofollow noopener noreferrer" class="external">#42</a> &amp; more</p></div>',
    );
    expect(render({ fields: [{ title: '<https://example.org|Ticket>', value: 'ouvert' }] })).toContain(
      '<dt><a href="https://example.org/" rel="nofollow noopener noreferrer" class="external">Ticket</a></dt>',
    );
    // A linked title keeps its own link and shows the words of the markup inside it.
    expect(render({ title: 'Voir <https://a.example|la page>', title_link: 'https://b.example/' })).toBe(
      '<div class="attachment"><p class="attachment-title"><a href="https://b.example/" rel="nofollow noopener noreferrer" class="external">Voir la page</a></p></div>',
    );
  });

  it('never link a title to anything but a web or mail address', () => {
    for (const payload of badSchemeLinks) {
      for (const link of [payload, linkTarget(payload)]) {
        expect(render({ title: 'Titre', title_link: link }), link).not.toContain('<a ');
      }
    }
    expect(render({ title: 'Titre', title_link: 'mailto:bonjour@example.org' })).toContain('href="mailto:bonjour@example.org"');
  });

  it('keep a quote in a title link inside its attribute', () => {
    const html = render({ title: 'Titre', title_link: 'https://example.org/?q="><script>alert(1)</script>&x=\'y' });
    expect(htmlSafetyProblems(html, CARD_HTML)).toEqual([]);
    expect(html).toMatch(/^<div class="attachment"><p class="attachment-title"><a href="https:\/\/example\.org\/\?q=[^"<>]*" rel="nofollow noopener noreferrer" class="external">Titre<\/a><\/p><\/div>$/);
  });
});

describe('attachment cards', () => {
  it('show each part in its place and give search its text, one line each', () => {
    const rendered = renderAttachments(
      [
        {
          pretext: 'Nouveau *ticket*',
          author_name: 'Robot',
          title: 'Panne du serveur',
          text: 'Le serveur _répond_ lentement',
          fields: [
            { title: 'Priorité', value: 'haute' },
            { title: '  ', value: '  ' },
            { value: 'sans titre' },
            { title: 'Seul' },
          ],
          footer: 'Suivi',
          fallback: 'Panne (texte de repli)',
        },
        { fallback: 'Seulement le repli' },
        { title: '   ', fallback: '' },
      ],
      plainResolver,
    );
    expect(rendered).toEqual({
      html:
        '<div class="attachment"><div class="attachment-pretext">Nouveau <strong>ticket</strong></div><p class="attachment-author">Robot</p>' +
        '<p class="attachment-title">Panne du serveur</p><div class="attachment-text">Le serveur <em>répond</em> lentement</div>' +
        '<dl class="attachment-fields"><dt>Priorité</dt><dd>haute</dd><dt></dt><dd>sans titre</dd><dt>Seul</dt><dd></dd></dl><div class="attachment-footer">Suivi</div></div>' +
        '<div class="attachment"><div class="attachment-text">Seulement le repli</div></div>',
      text: ['Nouveau ticket', 'Robot', 'Panne du serveur', 'Le serveur répond lentement', 'Priorité haute', 'sans titre', 'Seul', 'Suivi', 'Seulement le repli'].join('\n'),
    });
  });

  it('make no card of an attachment with nothing to show, and nothing of a message without one', () => {
    expect(renderAttachments([{ title: ' ', author_name: ' ', text: '', fallback: '  ', fields: [{ title: '', value: ' ' }, { title: '' }] }], plainResolver)).toBeUndefined();
    expect(renderAttachments([], plainResolver)).toBeUndefined();
  });
});

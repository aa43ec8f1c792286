import { describe, expect, it } from 'vitest';
import { translator, type Locale } from '../../i18n/index.ts';
import { escapeHtml } from '../../text/escape-html.ts';
import { renderSignInMail } from './sign-in.ts';

const input = {
  communityName: 'Collectif données santé',
  code: '12345678',
  link: 'https://portail.example.org/fr/connexion/lien?token=abc.DEF_123&x=1',
  expiresInMinutes: 15,
  publicUrl: 'https://portail.example.org',
};

describe('sign-in mail', () => {
  it.each<[Locale, string, string]>([
    ['fr', 'Votre code de connexion à Collectif données santé', 'Bonjour,'],
    ['en', 'Your sign-in code for Collectif données santé', 'Hello,'],
  ])('is written in %s, with the language declared', (locale, subject, greeting) => {
    const mail = renderSignInMail({ ...input, locale });

    expect(mail.subject).toBe(subject);
    expect(mail.html).toContain(`<html lang="${locale}">`);
    expect(mail.html).toContain(`<title>${escapeHtml(subject)}</title>`);
    expect(mail.html).toContain(greeting);
    expect(mail.text.startsWith(greeting)).toBe(true);
  });

  it.each<Locale>(['fr', 'en'])('says the same things in both parts (%s)', (locale) => {
    const t = translator(locale);
    const mail = renderSignInMail({ ...input, locale });
    const sentences = [
      t('mail.signIn.intro', { community: input.communityName }),
      t('mail.signIn.codeUngrouped', { code: input.code }),
      t('mail.signIn.linkIntro'),
      t('mail.signIn.scannerNote'),
      t('mail.signIn.expiry', { minutes: 15 }),
      t('mail.signIn.ignore'),
      t('mail.signIn.sentBy', { community: input.communityName }),
    ];
    for (const sentence of sentences) {
      expect(mail.text).toContain(sentence);
      expect(mail.html).toContain(escapeHtml(sentence));
    }
    expect(mail.html).toContain(escapeHtml(t('mail.signIn.button')));
  });

  it('shows the code grouped for reading and whole for copying, in both parts', () => {
    const mail = renderSignInMail({ ...input, locale: 'fr' });

    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('1234 5678');
      expect(part).toContain('12345678');
    }
    expect(mail.subject).not.toContain('1234');
  });

  it('gives the link as a button and as plain text, and the text part as is', () => {
    const mail = renderSignInMail({ ...input, locale: 'en' });
    const href = `href="${escapeHtml(input.link)}"`;

    expect(mail.html.split(href)).toHaveLength(3);
    expect(mail.html).toContain(`>${escapeHtml(input.link)}</a>`);
    expect(mail.text).toContain(`\n${input.link}\n`);
    expect(mail.html).toContain(`href="${input.publicUrl}"`);
  });

  it('escapes every interpolated value in the HTML part', () => {
    const hostile = '<b>"A&B"</b>';
    const mail = renderSignInMail({ ...input, locale: 'fr', communityName: hostile, link: 'https://x.example/?a="><script>alert(1)</script>' });

    expect(mail.html).not.toContain(hostile);
    expect(mail.html).toContain('&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;');
    expect(mail.html).not.toContain('<script');
    expect(mail.html).not.toContain('<b>');
    expect(mail.text).toContain(hostile);
  });

  it('loads nothing from elsewhere: no images, scripts, tables or remote styles', () => {
    const { html } = renderSignInMail({ ...input, locale: 'en' });

    expect(html).not.toMatch(/<img|<script|<table|<link|<iframe|\ssrc=|url\(/i);
  });
});

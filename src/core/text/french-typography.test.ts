import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { frenchDictionaryTexts, frenchMarkdownTexts } from '../../../tests/support/french-texts.ts';
import { applyFrenchTypography, frenchTypographyProblems, NARROW_NBSP as N } from './french-typography.ts';

const CONTENT_DIR = fileURLToPath(new URL('../../content', import.meta.url));

function offences(texts: { source: string; text: string }[]): string[] {
  return texts.flatMap(({ source, text }) =>
    frenchTypographyProblems(text).map((problem) => `${source}: « ${problem.excerpt.replace(/\n/g, ' ')} » (${problem.mark})`),
  );
}

describe('French punctuation spacing', () => {
  it('wants a narrow no-break space before ? ! : ; and inside « »', () => {
    expect(frenchTypographyProblems(`Nous écrire${N}: ici. Vraiment${N}? Oui${N}! Et${N}; «${N}bien${N}»`)).toEqual([]);
    expect(frenchTypographyProblems('Nous écrire : ici').map((p) => p.mark)).toEqual([':']);
    expect(frenchTypographyProblems('Nous écrire\u00a0: ici').map((p) => p.mark)).toEqual([':']);
    expect(frenchTypographyProblems('Nous écrire: ici').map((p) => p.mark)).toEqual([':']);
    expect(frenchTypographyProblems('Vraiment ?').map((p) => p.mark)).toEqual(['?']);
    expect(frenchTypographyProblems('Merci !').map((p) => p.mark)).toEqual(['!']);
    expect(frenchTypographyProblems('un ; deux').map((p) => p.mark)).toEqual([';']);
    expect(frenchTypographyProblems('« Membres »').map((p) => p.mark)).toEqual(['«', '»']);
  });

  it('leaves syntax alone: links, placeholders, search filters, times, emoji names, code', () => {
    expect(frenchTypographyProblems('Voir https://example.org/a?b=1 et [ceci](/fr/archive?page=2)')).toEqual([]);
    expect(frenchTypographyProblems('in:#canal, from:@personne, before:/after:/on:AAAA-MM-JJ, has:file')).toEqual([]);
    expect(frenchTypographyProblems('à 10:30, :tada:, `a : b`, {emoji} {count}')).toEqual([]);
  });

  it('fixes a string to the rule, and the fix passes the check', () => {
    const fixed = applyFrenchTypography('Nous écrire : ici ! « Membres » ou: rien\u00a0?');
    expect(fixed).toBe(`Nous écrire${N}: ici${N}! «${N}Membres${N}» ou${N}: rien${N}?`);
    expect(frenchTypographyProblems(fixed)).toEqual([]);
  });

  it('holds for every string of the French dictionary', () => {
    expect(offences(frenchDictionaryTexts())).toEqual([]);
  });

  it('holds for every French page and news item of the public site', async () => {
    expect(offences(await frenchMarkdownTexts(CONTENT_DIR))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { foldWords } from './fold.ts';
import { buildSnippet, type WordMatcher } from './highlight.ts';

const matching = (...words: string[]): WordMatcher => ({ words: new Set(words.flatMap((word) => foldWords(word))), prefixes: [] });
const marked = (text: string, matcher: WordMatcher) =>
  buildSnippet(text, matcher)
    .filter((part) => part.match)
    .map((part) => part.text);
const filler = (count: number, word = 'mot') => Array.from({ length: count }, (_, at) => `${word}${at}`).join(' ');

describe('buildSnippet', () => {
  it('marks a word written with a combining accent, whole', () => {
    const text = 'Le cafe\u0301 est servi';
    expect(foldWords(text)).toContain('cafe');
    expect(marked(text, matching('café'))).toEqual(['cafe\u0301']);
  });

  it('marks a word holding a soft hyphen or a zero-width joiner, whole', () => {
    expect(marked('Le dévelop\u00adpement durable', matching('developpement'))).toEqual(['dévelop\u00adpement']);
    expect(marked('un mot\u200dclé ici', matching('motcle'))).toEqual(['mot\u200dclé']);
  });

  it("opens a long message's snippet on its match, wherever the match is and however it is written", () => {
    const text = `${filler(200)} le dévelop\u00adpement ${filler(200, 'fin')}`;
    const parts = buildSnippet(text, matching('developpement'));
    expect(parts.filter((part) => part.match).map((part) => part.text)).toEqual(['dévelop\u00adpement']);
    expect(parts[0]!.text.startsWith('… ')).toBe(true);
    expect(parts.at(-1)!.text.endsWith(' …')).toBe(true);
  });

  it('still splits at apostrophes, hyphens and spaces, as the fold does', () => {
    expect(marked("l'université de Montréal-Nord", matching('universite', 'nord'))).toEqual(['université', 'Nord']);
  });
});

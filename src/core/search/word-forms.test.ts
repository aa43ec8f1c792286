import { describe, expect, it } from 'vitest';
import { foldWords } from './fold.ts';
import { contextOf, formsOf, guessLanguage, queryStems, requiredTerms, searchForm } from './word-forms.ts';

const word = (text: string, exact = false) => ({ words: foldWords(text), exact, prefix: false });
const forms = (text: string) => formsOf(text, foldWords(text));

describe('word forms', () => {
  it('meet inflections of a word in English and in French', () => {
    expect(queryStems('translating')).toEqual(['translat']);
    expect(forms('The translation is done')).toContain('translat');
    expect(queryStems('reunions')).toContain('reunion');
    expect(forms('Les réunions du comité')).toContain('reunion');
  });

  it('guess a message\'s language from its small words, both when they do not say', () => {
    expect(guessLanguage(foldWords('the build is broken on the main branch'))).toBe('en');
    expect(guessLanguage(foldWords('la compilation est cassée sur la branche'))).toBe('fr');
    expect(guessLanguage(foldWords('build failed'))).toBeNull();
    // Stop words have no forms; the others have theirs in the guessed language.
    expect(forms('les données de la cohorte')).toEqual(['donne', 'cohort']);
  });

  it('write contractions joined, and never repeat a word as its own form', () => {
    expect(forms("I can't open it")).toContain('cant');
    expect(forms("On se voit aujourd'hui avec l'équipe")).toEqual(expect.arrayContaining(['aujourdhui', 'lequipe']));
    expect(forms('gdb gdb')).toEqual([]);
  });

  it('give an engine that sends one form per word the one every message holds', () => {
    expect(searchForm('translating')).toBe('translat');
    expect(forms('Translating the glossary')).toContain(searchForm('translations'));
    expect(searchForm('gdb')).toBe('gdb');
  });

  it('keep a reply\'s context short and free of small words', () => {
    const context = contextOf(foldWords('How do I debug this C code?'), ['debugg']);
    expect(context).toEqual(['debug', 'code', 'debugg']);
    expect(contextOf(foldWords('word '.repeat(10) + Array.from({ length: 80 }, (_, i) => `w${i}`).join(' ')), []).length).toBe(24);
  });
});

describe('required terms', () => {
  it('leave out stop words and elided articles typed outside quotes', () => {
    expect(requiredTerms([word('build'), word('R'), word('on'), word('windows')]).map((term) => term.words)).toEqual([['build'], ['r'], ['windows']]);
    expect(requiredTerms([word("s'occupe"), word('des'), word('ententes')]).map((term) => term.words)).toEqual([['occupe'], ['ententes']]);
    expect(requiredTerms([word('comment'), word('faire'), word('une'), word('demande')]).map((term) => term.words)).toEqual([['demande']]);
    // A question's pronoun hangs on its verb, and the message says « il faut », « on peut »: left, the verb is a stop word.
    expect(requiredTerms([word('faut-il'), word("l'approbation"), word('du'), word('CER')]).map((term) => term.words)).toEqual([['approbation'], ['cer']]);
    expect(requiredTerms([word('peut-on'), word('a-t-il'), word('e-mail')]).map((term) => term.words)).toEqual([['e', 'mail']]);
    expect(requiredTerms([word('conserve-t-on'), word('données')]).map((term) => term.words)).toEqual([['conserve'], ['donnees']]);
    expect(requiredTerms([word('"faut-il"', true)]).map((term) => term.words)).toEqual([['faut', 'il']]);
  });

  it('keep them inside quotes, and when nothing else is asked', () => {
    expect(requiredTerms([word('for the team', true)]).map((term) => term.words)).toEqual([['for', 'the', 'team']]);
    expect(requiredTerms([word("l'équipe", true)]).map((term) => term.words)).toEqual([['l', 'equipe']]);
    expect(requiredTerms([word('to'), word('be')]).map((term) => term.words)).toEqual([['to'], ['be']]);
  });
});

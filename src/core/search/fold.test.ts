import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText, foldWords } from './fold.ts';

describe('foldWords', () => {
  it('lowercases and removes accents', () => {
    expect(foldWords('Université ÉCOLE naïve Ça')).toEqual(['universite', 'ecole', 'naive', 'ca']);
  });

  it('removes accents typed as separate combining marks too', () => {
    expect(foldWords('e\u0301cole')).toEqual(['ecole']);
  });

  it('writes œ and æ out as two letters, as Meilisearch does', () => {
    expect(foldWords('Œuvre cœur ex æquo')).toEqual(['oeuvre', 'coeur', 'ex', 'aequo']);
  });

  it('splits on straight and curly apostrophes', () => {
    expect(foldWords("l'Université")).toEqual(['l', 'universite']);
    expect(foldWords('l’Université')).toEqual(['l', 'universite']);
  });

  it('splits on hyphens, dots, underscores and slashes', () => {
    expect(foldWords('data-sharing')).toEqual(['data', 'sharing']);
    expect(foldWords('db.json')).toEqual(['db', 'json']);
    expect(foldWords('snake_case')).toEqual(['snake', 'case']);
    expect(foldWords('https://example.org/a?b=1')).toEqual(['https', 'example', 'org', 'a', 'b', '1']);
  });

  it('splits letters from digits, so a version or a name with a number reads the same however it is written', () => {
    expect(foldWords('covid19 COVID-19 covid 19')).toEqual(['covid', '19', 'covid', '19', 'covid', '19']);
    expect(foldWords('v0.6.0 go1.7 x509')).toEqual(['v', '0', '6', '0', 'go', '1', '7', 'x', '509']);
    expect(foldWords('Ｈ２Ｏ réunion2024')).toEqual(['h', '2', 'o', 'reunion', '2024']);
  });

  it('keeps letters of every script', () => {
    expect(foldWords('東京 タワー')).toEqual(['東京', 'タワー']);
    expect(foldWords('مرحبا بالعالم')).toEqual(['مرحبا', 'بالعالم']);
    expect(foldWords('한국어')).toEqual(['한국어']);
    expect(foldWords('Ελληνικά')).toEqual(['ελληνικα']);
  });

  it('removes Arabic vowel marks', () => {
    expect(foldWords('مَرْحَبًا')).toEqual(['مرحبا']);
  });

  it('drops emoji and punctuation', () => {
    expect(foldWords('🎉 bravo!! 👍🏽')).toEqual(['bravo']);
    expect(foldWords('🙂emoji🙂x')).toEqual(['emoji', 'x']);
    expect(foldWords('(){}^*:"')).toEqual([]);
  });

  it('reads compatibility forms as their plain letters', () => {
    expect(foldWords('ﬁchier Ｆｕｌｌ ℌello')).toEqual(['fichier', 'full', 'hello']);
  });

  it('lowercases the Turkish dotted capital I to a plain i', () => {
    expect(foldWords('İstanbul')).toEqual(['istanbul']);
  });

  it('joins words split only by invisible characters', () => {
    expect(foldWords('uni\u00ADversité')).toEqual(['universite']);
    expect(foldWords('ab\u200Bcd')).toEqual(['abcd']);
  });

  it('is empty for empty or blank text', () => {
    expect(foldWords('')).toEqual([]);
    expect(foldWords(' \n\t ')).toEqual([]);
  });

  it('makes only letters and digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        return foldWords(text).every((word) => /^[\p{L}\p{N}]+$/u.test(word));
      }),
    );
  });

  it('folds a text chunk by chunk exactly as it folds the whole text', () => {
    const spaced = fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(' ', '\u00a0', '\u3000', '\n', '\ufeff', '\u0301', 'Σ', 'ς', 'ΑΣ', 'İ', 'ﬁ', '한')), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(spaced, (text) => {
        expect(foldWords(text)).toEqual(foldText(text));
        // Twice: the second answer comes from the cache.
        expect(foldWords(text)).toEqual(foldText(text));
      }),
      { numRuns: 2_000 },
    );
    expect(foldWords('ΑΣ ΑΣ.Β ab\ufeffcd e \u0301')).toEqual(foldText('ΑΣ ΑΣ.Β ab\ufeffcd e \u0301'));
  });

  it('folds folded words to themselves', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const words = foldWords(text);
        return foldWords(words.join(' ')).join(' ') === words.join(' ');
      }),
      { numRuns: 500 },
    );
  });
});

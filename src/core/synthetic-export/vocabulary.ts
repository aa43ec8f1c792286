import { ENGLISH_FUNCTION_WORDS, ENGLISH_NOUNS_AND_ADJECTIVES, ENGLISH_VERBS } from './english-words.ts';
import { FRENCH_FUNCTION_WORDS, FRENCH_NOUNS_AND_ADJECTIVES, FRENCH_VERBS } from './french-words.ts';

/**
 * Each language's vocabulary, most frequent first: the built-in real words,
 * then forms derived from them (plurals, conjugations, prefixes, suffixes)
 * until there are VOCABULARY_SIZE words. Sampled with Zipf weights, the
 * derived forms become the long tail of rare words that search must cope with.
 */

export const VOCABULARY_SIZE = 2000;

export type Language = 'fr' | 'en';

/** A derived form of a word, or undefined when the rule does not apply to it. */
type Derivation = (word: string) => string | undefined;

interface WordList {
  functionWords: readonly string[];
  nouns: readonly string[];
  verbs: readonly string[];
}

const withoutFinalE = (word: string): string => (word.endsWith('e') ? word.slice(0, -1) : word);
/** Affixes only go on single plain words, never on "l'été" or "mémoire-vive". */
const isPlain = (word: string): boolean => /^\p{Ll}+$/u.test(word);
const prefixed = (prefixes: readonly string[]): Derivation[] =>
  prefixes.map((prefix) => (word) => (isPlain(word) ? `${prefix}${word}` : undefined));
const suffixed = (suffixes: readonly string[]): Derivation[] =>
  suffixes.map((suffix) => (word) => (isPlain(word) ? `${withoutFinalE(word)}${suffix}` : undefined));

const FRENCH_NOUN_DERIVATIONS: readonly Derivation[] = [
  (word) =>
    /[sxz]$/.test(word) ? undefined : word.endsWith('eau') ? `${word}x` : word.endsWith('al') ? `${word.slice(0, -2)}aux` : `${word}s`,
  (word) => (/(nt|é)$/.test(word) ? `${word}e` : undefined),
  ...prefixed(['re', 'pré', 'co', 'sous-', 'multi', 'inter', 'méta', 'contre-', 'auto', 'non-']),
  ...suffixed(['ique', 'isme', 'iste', 'ement', 'age', 'ité', 'ette', 'ier', 'erie', 'ation']),
];

const FRENCH_VERB_DERIVATIONS: readonly Derivation[] = [
  ...['é', 'ons', 'ez', 'ait', 'ent', 'ée', 'és', 'aient', 'ant', 'era', 'erons', 'erait'].map(
    (ending): Derivation =>
      (word) =>
        word.endsWith('er') ? `${word.slice(0, -2)}${ending}` : undefined,
  ),
  ...prefixed(['re', 'dé', 'pré', 'co']),
];

const ENGLISH_NOUN_DERIVATIONS: readonly Derivation[] = [
  (word) => (/(s|sh|ch|x)$/.test(word) ? `${word}es` : /[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : `${word}s`),
  ...prefixed(['re', 'un', 'pre', 'co', 'over', 'sub', 'multi', 'inter', 'meta', 'non-']),
  ...suffixed(['ness', 'less', 'ful', 'ly', 'ism', 'ist', 'ship', 'ize', 'wise']),
];

const ENGLISH_VERB_DERIVATIONS: readonly Derivation[] = [
  (word) => (/(s|sh|ch|x)$/.test(word) ? `${word}es` : `${word}s`),
  (word) => (word.endsWith('e') ? `${word}d` : `${word}ed`),
  (word) => `${withoutFinalE(word)}ing`,
  (word) => `${withoutFinalE(word)}er`,
  (word) => `${withoutFinalE(word)}able`,
  ...prefixed(['re', 'un', 'pre', 'co', 'over', 'mis', 'out']),
];

function buildVocabulary(
  list: WordList,
  nounDerivations: readonly Derivation[],
  verbDerivations: readonly Derivation[],
): readonly string[] {
  const words = new Set<string>([...list.functionWords, ...list.nouns, ...list.verbs]);
  // Derive the likeliest forms (plurals, conjugations) first so they rank
  // as more frequent than the prefixed and suffixed oddities.
  const rounds = Math.max(nounDerivations.length, verbDerivations.length);
  for (let round = 0; round < rounds; round++) {
    for (const [source, derive] of [
      [list.nouns, nounDerivations[round]],
      [list.verbs, verbDerivations[round]],
    ] as const) {
      if (derive === undefined) continue;
      for (const word of source) {
        const derived = derive(word);
        if (derived !== undefined) words.add(derived);
        if (words.size === VOCABULARY_SIZE) return [...words];
      }
    }
  }
  throw new Error(`only ${words.size} words could be derived, ${VOCABULARY_SIZE} needed`);
}

export const VOCABULARIES: Readonly<Record<Language, readonly string[]>> = {
  fr: buildVocabulary(
    { functionWords: FRENCH_FUNCTION_WORDS, nouns: FRENCH_NOUNS_AND_ADJECTIVES, verbs: FRENCH_VERBS },
    FRENCH_NOUN_DERIVATIONS,
    FRENCH_VERB_DERIVATIONS,
  ),
  en: buildVocabulary(
    { functionWords: ENGLISH_FUNCTION_WORDS, nouns: ENGLISH_NOUNS_AND_ADJECTIVES, verbs: ENGLISH_VERBS },
    ENGLISH_NOUN_DERIVATIONS,
    ENGLISH_VERB_DERIVATIONS,
  ),
};

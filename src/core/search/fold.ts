/**
 * The one way text becomes searchable words. Indexes, queries and highlighting
 * all fold through here, so a word found in one place is found in the others.
 *
 * It mirrors SQLite FTS5 `unicode61 remove_diacritics 2` and Meilisearch's
 * normaliser: accents go, case goes, and anything that is not a letter or a
 * digit separates words (apostrophes, hyphens, dots, underscores, emoji), as
 * does the step between letters and digits (« covid19 » is « covid 19 »).
 * It goes a little further than unicode61 on its own, which is why the
 * embedded index must be fed folded words rather than raw text:
 * compatibility forms become plain ones (`ﬁ` → `fi`, full-width `Ａ` → `a`),
 * and `œ`/`æ` become `oe`/`ae` as Meilisearch writes them, so "coeur" finds "cœur".
 */

/** Invisible formatting (soft hyphen, zero-width joiners, bidi controls) joins what it sits in rather than splitting it. */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
/**
 * Accents and other combining marks, once NFKD has pulled them off their letters.
 * This also drops vowel signs in Indic scripts and kana voicing marks: the
 * fold matches a little more there, never less, and does so on both sides.
 */
const MARKS = /\p{M}/gu;
const LIGATURES = /[œæ]/g;
/** A run of letters or a run of digits: « v0.6 » is v, 0, 6 and « covid19 » is covid, 19, as typed either way. */
const WORD = /\p{L}+|\p{N}+/gu;

/** The fold itself, for any text; `foldWords` must always equal it (tests hold it to that). */
export function foldText(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    // After NFKD, not before: `İ` lowercases to `i` plus a combining dot, which MARKS then removes.
    .toLowerCase()
    .replace(IGNORABLE, '')
    .replace(MARKS, '')
    .replace(LIGATURES, (ligature) => (ligature === 'œ' ? 'oe' : 'ae'))
    // NFKD split Hangul syllables into jamo; recompose them so Korean words read as typed.
    .normalize('NFC');
  return folded.match(WORD) ?? [];
}

/**
 * Whitespace, minus U+FEFF (JavaScript's \s counts it, but it is invisible
 * formatting that joins). Folding never looks across these: normalisation
 * cannot compose through them, and lowercasing's only context rule (the
 * final sigma) stops at them. So a text folds chunk by chunk exactly as it
 * folds whole, which the tests check on random text.
 */
const WHITESPACE = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const NOT_ASCII = /[^\x00-\x7f]/;
const ASCII_WORD = /[a-z]+|[0-9]+/g;
/** Words repeat (a Zipf vocabulary): a chunk is folded once, then looked up. Bounded, so memory stays flat. */
const CACHE_SIZE = 50_000;
const cache = new Map<string, readonly string[]>();

function foldChunk(chunk: string): readonly string[] {
  let words = cache.get(chunk);
  if (words === undefined) {
    // Plain ASCII has nothing to decompose, no marks and no invisible characters: lowercasing is the whole fold.
    words = NOT_ASCII.test(chunk) ? foldText(chunk) : (chunk.toLowerCase().match(ASCII_WORD) ?? []);
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(chunk, words);
  }
  return words;
}

export function foldWords(text: string): string[] {
  const words: string[] = [];
  for (const chunk of text.split(WHITESPACE)) {
    if (chunk !== '') for (const word of foldChunk(chunk)) words.push(word);
  }
  return words;
}

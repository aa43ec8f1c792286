/**
 * The one way text becomes searchable words. Indexes, queries and highlighting
 * all fold through here, so a word found in one place is found in the others.
 *
 * It mirrors SQLite FTS5 `unicode61 remove_diacritics 2` and Meilisearch's
 * normaliser: accents go, case goes, and anything that is not a letter or a
 * digit separates words (apostrophes, hyphens, dots, underscores, emoji).
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
const SEPARATORS = /[^\p{L}\p{N}]+/u;

export function foldWords(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    // After NFKD, not before: `İ` lowercases to `i` plus a combining dot, which MARKS then removes.
    .toLowerCase()
    .replace(IGNORABLE, '')
    .replace(MARKS, '')
    .replace(LIGATURES, (ligature) => (ligature === 'œ' ? 'oe' : 'ae'))
    // NFKD split Hangul syllables into jamo; recompose them so Korean words read as typed.
    .normalize('NFC');
  return folded.split(SEPARATORS).filter((word) => word !== '');
}

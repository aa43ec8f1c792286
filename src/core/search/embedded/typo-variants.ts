/**
 * Spellings one edit away from a word (deletion, transposition, substitution,
 * insertion), over the letters the index folds words to, the first letter kept
 * as typed (Meilisearch's rule: people rarely mistype it, and forgiving it
 * turns "would" into "could"). The engine keeps the ones its vocabulary knows:
 * "reseaux" finds "réseau", "donnes" finds "données".
 */
/** Letters only: the fold parts letters from digits (fold.ts), so no word the index holds mixes them. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
/** A number one digit off is another number (a year, a ticket, a protocol's id): numbers are matched exactly, as Meilisearch's `disableOnNumbers` does. */
const NUMBER = /^\p{N}+$/u;

/** Words shorter than this are matched exactly, as Meilisearch does. */
export const MIN_TYPO_LENGTH = 5;
/** Longer "words" are identifiers or pasted noise: their variants would only cost time (70 per letter). */
const MAX_TYPO_LENGTH = 32;

export function typoVariants(word: string): string[] {
  const letters = [...word];
  if (letters.length < MIN_TYPO_LENGTH || letters.length > MAX_TYPO_LENGTH || NUMBER.test(word)) return [];
  const variants = new Set<string>();
  const join = (parts: string[]) => parts.join('');
  for (let i = 1; i < letters.length; i++) {
    variants.add(join([...letters.slice(0, i), ...letters.slice(i + 1)]));
    if (i + 1 < letters.length) variants.add(join([...letters.slice(0, i), letters[i + 1]!, letters[i]!, ...letters.slice(i + 2)]));
    for (const letter of ALPHABET) variants.add(join([...letters.slice(0, i), letter, ...letters.slice(i + 1)]));
  }
  for (let i = 1; i <= letters.length; i++) {
    for (const letter of ALPHABET) variants.add(join([...letters.slice(0, i), letter, ...letters.slice(i)]));
  }
  variants.delete(word);
  return [...variants];
}

import { foldWords } from './fold.ts';
import type { SnippetPart } from './port.ts';

/** What counts as a hit inside a text: whole folded words, and folded beginnings for prefixes. */
export interface WordMatcher {
  words: ReadonlySet<string>;
  prefixes: readonly string[];
}

/**
 * A word as the fold reads it: letters and digits, with the combining marks
 * (an accent typed as its own character) and invisible formatting (soft
 * hyphens, zero-width joiners) that the fold drops from inside a word rather
 * than splitting it there. Otherwise "développement" with a soft hyphen, or
 * "café" with a combining accent, would be found but never marked, and a
 * long message's snippet would open on its first words instead of the match.
 */
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}\p{Default_Ignorable_Code_Point}]*/gu;
/** Words of context on each side of the first hit. */
const CONTEXT_WORDS = 14;
const MAX_WORDS = 32;

function isHit(token: string, matcher: WordMatcher): boolean {
  // A token such as "l'Université" folds to one word here: the apostrophe is not a letter.
  const folded = foldWords(token)[0] ?? '';
  return matcher.words.has(folded) || matcher.prefixes.some((prefix) => folded.startsWith(prefix));
}

/**
 * A short extract of a message's plain text around its first hit, as parts the
 * page escapes and wraps: nothing from the message can become markup.
 */
export function buildSnippet(text: string, matcher: WordMatcher): SnippetPart[] {
  const tokens = [...text.matchAll(TOKEN)].map((match) => ({ start: match.index, end: match.index + match[0].length, hit: isHit(match[0], matcher) }));
  if (tokens.length === 0) return text ? [{ text: text.slice(0, 200), match: false }] : [];
  const first = Math.max(0, tokens.findIndex((token) => token.hit));
  const from = Math.max(0, first - CONTEXT_WORDS);
  const to = Math.min(tokens.length, from + MAX_WORDS);
  const parts: SnippetPart[] = [];
  const push = (piece: string, match: boolean) => {
    if (!piece) return;
    const last = parts.at(-1);
    if (last && last.match === match) last.text += piece;
    else parts.push({ text: piece, match });
  };
  if (from > 0) push('… ', false);
  let cursor = tokens[from]!.start;
  for (const token of tokens.slice(from, to)) {
    push(text.slice(cursor, token.start).replace(/\s+/g, ' '), false);
    push(text.slice(token.start, token.end), token.hit);
    cursor = token.end;
  }
  if (to < tokens.length) push(' …', false);
  return parts;
}

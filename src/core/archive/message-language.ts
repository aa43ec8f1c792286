import { francAll } from 'franc';

/**
 * The language of a message, for its `lang` attribute, only where it can be
 * told reliably; null otherwise, and the page's language applies.
 *
 * Why per message and by a library rather than a language an administrator
 * sets per channel: bilingual communities switch language inside one channel,
 * often message by message, so a channel's language would mark half its
 * messages wrongly. franc (trigram statistics, no model download, fast enough
 * for a page of 50 messages at display time) is asked only among the languages
 * such a community is likely to write, and only texts long enough to carry
 * signal are marked, when the winner clearly beats the runner-up.
 */
const CANDIDATES: Record<string, string> = { fra: 'fr', eng: 'en', spa: 'es', deu: 'de', ita: 'it', por: 'pt', nld: 'nl' };
const ONLY = Object.keys(CANDIDATES);

/** Below this many letters, trigram counts say little: "ok merci", "+1", a link. */
export const MIN_LETTERS = 40;
/** The runner-up's normalised score (the winner's is 1) must stay under this. */
export const MAX_RUNNER_UP = 0.85;

/**
 * Texts already told, most recently shown last: franc reads each text's every
 * trigram (measured: a fifth of a channel page's time), and readers open the same
 * busy pages again and again. Bounded in entries and in the length of what it
 * keeps, a few MiB at most per process.
 */
const told = new Map<string, string | null>();
const TOLD_ENTRIES = 4_000;
const TOLD_LONGEST = 2_000;

export function messageLanguage(plain: string): string | null {
  if (plain.length > TOLD_LONGEST) return tellLanguage(plain);
  const known = told.get(plain);
  if (known !== undefined) {
    told.delete(plain);
    told.set(plain, known);
    return known;
  }
  const language = tellLanguage(plain);
  told.set(plain, language);
  if (told.size > TOLD_ENTRIES) told.delete(told.keys().next().value!);
  return language;
}

function tellLanguage(plain: string): string | null {
  // Links, code and mentions are not language: they would only add noise.
  const prose = plain
    .replace(/https?:\/\/\S+|mailto:\S+/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/@\S+/g, ' ');
  const letters = prose.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return null;
  const [best, runnerUp] = francAll(prose, { only: ONLY, minLength: MIN_LETTERS });
  if (!best || best[0] === 'und' || !(best[0] in CANDIDATES)) return null;
  if (runnerUp && runnerUp[1] >= MAX_RUNNER_UP) return null;
  return CANDIDATES[best[0]]!;
}

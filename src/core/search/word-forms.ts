import { stemmer as englishStem } from '@orama/stemmers/english';
import { stemmer as frenchStem } from '@orama/stemmers/french';
import { foldWords } from './fold.ts';
import type { SearchTerm } from './query.ts';

/**
 * Word forms, the one place that knows them: how a word's inflections meet
 * (« translating » and « translation », « réunions » and « réunion »), which
 * small words say nothing on their own, and how contractions are written
 * with and without their apostrophe. Both engines and the index entries use
 * it, so a form found in one place is found in the others.
 *
 * Stems come from Porter's English and Snowball's French algorithms (@orama/stemmers:
 * generated from the Snowball sources, kept up to date with its search engine,
 * no dependencies, one module per language). They are applied to folded words
 * (no accents, lower case), as queries are folded the same way before stemming.
 *
 * A message's language is guessed from its small words, which cost nothing to
 * count: more French ones than English ones, it is French, and the other way
 * round; a message with none of either (« build failed ») gets both stems. A
 * query is too short to guess: its words are looked up under both stems.
 */

export type Language = 'en' | 'fr';

/**
 * Words that say nothing on their own: never required of a match, still part of a quoted phrase. Folded.
 * Beside Snowball's lists' core, the words questions are asked with (« comment faire une demande »).
 */
const ENGLISH_STOP = `a about after all also am an and any are as at be been but by can could did do does doing for from had has have
  he her here him his how i if in into is it its just me more most my no nor not of off on once only or other our out over own same
  she should so some such than that the their them then there these they this those through to too under until up very was we were
  what when where which while who whom why will with would you your yours`;
const FRENCH_STOP = `a ai au aux avec c ce ces cet cette d dans de des du elle elles en est et etait etre eu il ils j je l la le les
  leur leurs lui m ma mais me meme mes moi mon n ne nos notre nous on ont ou par pas pour qu que qui s sa se ses si son sont sur t ta
  te tes toi ton tu un une vos votre vous y
  comment quand quel quelle quels quelles pourquoi combien faut faire fait peut`;

const ENGLISH = new Set(ENGLISH_STOP.split(/\s+/));
const FRENCH = new Set(FRENCH_STOP.split(/\s+/));
const STOP_WORDS: ReadonlySet<string> = new Set([...ENGLISH, ...FRENCH]);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** French or English by their small words; null when neither has more (both stemmers then apply). */
export function guessLanguage(words: readonly string[]): Language | null {
  let english = 0;
  let french = 0;
  for (const word of words) {
    if (ENGLISH.has(word)) english++;
    if (FRENCH.has(word)) french++;
  }
  return english > french ? 'en' : french > english ? 'fr' : null;
}

/** Stemming is the costly part of an index entry: a Zipf vocabulary repeats, so each word is stemmed once. Bounded. */
const CACHE_SIZE = 50_000;
const caches: Record<Language, Map<string, string>> = { en: new Map(), fr: new Map() };
const STEMMERS: Record<Language, (word: string) => string> = { en: englishStem, fr: frenchStem };
/** Digits, identifiers and long pasted strings have no inflections. */
const STEMMABLE = /^[a-z]{3,24}$/;

export function stem(word: string, language: Language): string {
  if (!STEMMABLE.test(word)) return word;
  const cache = caches[language];
  let found = cache.get(word);
  if (found === undefined) {
    found = STEMMERS[language](word);
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(word, found);
  }
  return found;
}

/** The stems a query word is looked up under (both languages), those that differ from the word. */
export function queryStems(word: string): string[] {
  const stems = new Set([stem(word, 'en'), stem(word, 'fr')]);
  stems.delete(word);
  return [...stems];
}

/** A word written with an apostrophe (can't, aujourd'hui, l'équipe): also indexed joined, as people type it without. */
const CONTRACTION = /[\p{L}\p{N}]+(?:['’][\p{L}]+)+/gu;

/**
 * The `forms` of a message: the stems of its words that differ from the words
 * (in its guessed language, or both), and its contractions written joined
 * (« cant » finds « can't », « aujourdhui » finds « aujourd'hui »). Stop words
 * have no forms worth finding.
 */
export function formsOf(text: string, words: readonly string[]): string[] {
  const language = guessLanguage(words);
  const languages: readonly Language[] = language === null ? ['en', 'fr'] : [language];
  const own = new Set(words);
  const forms = new Set<string>();
  for (const word of own) {
    if (STOP_WORDS.has(word)) continue;
    for (const lang of languages) {
      const stemmed = stem(word, lang);
      if (!own.has(stemmed)) forms.add(stemmed);
    }
    // The form an engine searches when it can send only one (searchForm): whatever the message's language.
    const searched = searchForm(word);
    if (!own.has(searched)) forms.add(searched);
  }
  if (text.includes("'") || text.includes('’')) {
    for (const written of text.match(CONTRACTION) ?? []) {
      const joined = foldWords(written).join('');
      if (!own.has(joined)) forms.add(joined);
    }
  }
  return [...forms];
}

/**
 * Thread context is kept short: the words of a long root would weigh on every reply's index entry, and bm25 reads
 * them in the reply's length (24 rather than 48: the same precision on the judged sets, better order, a smaller index).
 */
const MAX_CONTEXT_WORDS = 24;

/**
 * What a reply carries of the message it answers: the root's words that say
 * something, and their forms, so a query finds the reply through the
 * question it answers (« debug C code gdb » → « run it under gdb »).
 */
export function contextOf(words: readonly string[], forms: readonly string[]): string[] {
  const context = new Set<string>();
  for (const word of words) {
    if (context.size >= MAX_CONTEXT_WORDS) break;
    if (!STOP_WORDS.has(word)) context.add(word);
  }
  for (const form of forms) {
    if (context.size >= MAX_CONTEXT_WORDS) break;
    context.add(form);
  }
  return [...context];
}

/** A channel's topic and purpose are on every one of its messages' entries: fewer words still. */
export const MAX_CHANNEL_WORDS = 8;

/**
 * What every message of a channel carries of the channel's topic and purpose,
 * in the same context as a reply's thread (weighing as little): a message in
 * #fabric-ci whose purpose is « Jenkins builds » is found for « jenkins build
 * failing » when it says only « failing again ». Never beyond its channel, so
 * never beyond what its readers may read.
 */
export function channelContextOf(about: string | null | undefined): string[] {
  if (!about || about.trim() === '') return [];
  const words = foldWords(about);
  return contextOf(words, formsOf(about, words)).slice(0, MAX_CHANNEL_WORDS);
}

/**
 * The terms a message must hold: single words typed without quotes that are
 * stop words are not required (« build R on windows » needs no « on »), unless
 * the query is nothing else. Quoted phrases keep every word.
 */
export function requiredTerms<T extends SearchTerm>(terms: readonly T[]): T[] {
  const kept = terms.map(withoutElision).filter((term) => term.exact || term.prefix || term.words.length !== 1 || !STOP_WORDS.has(term.words[0]!));
  return kept.length === 0 ? [...terms] : kept;
}

/** French elisions: « l' », « d' », « qu' » and the like, folded into a word of their own. */
const ELISIONS = new Set(['c', 'd', 'j', 'l', 'm', 'n', 's', 't', 'qu', 'jusqu', 'lorsqu', 'puisqu']);
/** The pronouns a French question hangs on its verb: « faut-il », « peut-on », « est-ce », « a-t-il ». */
const INVERTED_PRONOUNS = new Set(['je', 'tu', 'il', 'elle', 'on', 'nous', 'vous', 'ils', 'elles', 'ce']);

/**
 * « s'occupe » typed without quotes is the word « occupe », and « faut-il » the word « faut »: the elided article
 * or pronoun, and the pronoun of a question, are not required either (a message says « il faut », not « faut-il »).
 */
function withoutElision<T extends SearchTerm>(term: T): T {
  if (term.exact || term.words.length < 2) return term;
  let words = term.words;
  if (words.length === 2 && ELISIONS.has(words[0]!)) words = words.slice(1);
  if (!term.prefix && words.length >= 2 && INVERTED_PRONOUNS.has(words.at(-1)!)) {
    words = words.slice(0, -1);
    // « a-t-il »: the euphonic t goes with its pronoun.
    if (words.length >= 2 && words.at(-1) === 't') words = words.slice(0, -1);
  }
  return words === term.words ? term : { ...term, words };
}

/**
 * The one form an engine that takes no alternatives (Meilisearch's `q`) searches
 * a word under: its stem, which the `forms` field holds for every inflection,
 * when English and French agree on it; the word itself otherwise.
 */
export function searchForm(word: string): string {
  const stems = queryStems(word);
  return stems.length === 1 ? stems[0]! : word;
}

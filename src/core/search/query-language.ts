import { foldWords } from './fold.ts';
import type { DateFilters, HasFilter, IgnoredPart, IgnoredReason, ParsedQuery, SearchTerm } from './query.ts';

/**
 * The search box language Slack and Mattermost users already type: words,
 * "phrases", -exclusions, prefix*, and in: from: before: after: on: during:
 * has: is: filters. Whatever is typed, the result is plain typed data: no
 * piece of the text ever reaches an engine as syntax, and what cannot be used
 * is listed in `ignored` for the page to show back.
 */

/** Longer text is cut: nobody types more, and every extra character is work an anonymous request could ask for. */
export const MAX_QUERY_LENGTH = 1000;
/** Meilisearch reads only the first 10 query words; both engines keep the same ones so they agree. */
export const MAX_QUERY_WORDS = 10;
/** Ranking one-letter prefixes means ranking most of the archive (see notes/search.md). */
const MIN_PREFIX_LENGTH = 2;
/** Slack caps channel and display names at 80 characters: anything longer names nothing. */
const MAX_VALUE_LENGTH = 80;
/** The page shows ignored text back; it has to fit in a sentence. */
const MAX_SHOWN_LENGTH = 60;

export const FILTER_KEYS = ['in', 'from', 'after', 'before', 'on', 'during', 'has', 'is'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
type DateKey = keyof DateFilters;
const DATE_KEYS: readonly DateKey[] = ['after', 'before', 'on', 'during'];

/** Straight, curly, low-9, guillemets and full-width: phones and French keyboards turn `"` into the others. */
const QUOTES = new Set(['"', '＂', '“', '”', '„', '«', '»']);
const SPACE = /\s/u;
const FILTER_PREFIX = /^([a-z]+):/i;
/** What Slack puts in copied text for a channel or a person: `<#C123|name>`, `<@U123>`. */
const CHANNEL_MENTION = /^<#([A-Z0-9]+)(?:\|[^<>]*)?>$/;
const PERSON_MENTION = /^<@([A-Z0-9]+)(?:\|[^<>]*)?>$/;
const NAMES_SOMETHING = /[\p{L}\p{N}]/u;
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Slack's old `has:attachment` meant files shared in the message; links have `has:link`. */
const HAS_VALUES = new Map<string, HasFilter>([
  ['file', 'file'],
  ['files', 'file'],
  ['attachment', 'file'],
  ['attachments', 'file'],
  ['link', 'link'],
  ['links', 'link'],
  ['reaction', 'reaction'],
  ['reactions', 'reaction'],
]);

interface TextPiece {
  kind: 'text';
  negated: boolean;
  text: string;
  exact: boolean;
  prefix: boolean;
  source: string;
}

interface FilterPiece {
  kind: 'filter';
  negated: boolean;
  key: FilterKey;
  value: string;
  source: string;
  start: number;
  end: number;
}

type Piece = TextPiece | FilterPiece;

export function parseSearchQuery(input: string): ParsedQuery {
  const notes: IgnoredPart[] = [];
  const text = prepare(input, notes);
  const query: ParsedQuery = { terms: [], excluded: [], inChannels: [], fromPeople: [], dates: {}, has: [], isThread: false, ignored: [] };
  const typed: { term: SearchTerm; excluded: boolean; source: string }[] = [];
  for (const piece of scan(text, notes)) {
    if (piece.kind === 'filter') {
      applyFilter(query, piece, notes);
      continue;
    }
    const term = toTerm(piece, notes);
    if (term) typed.push({ term, excluded: piece.negated, source: piece.source });
  }
  keepFirstWords(typed, query, notes);
  if (query.terms.length === 0 && query.excluded.length > 0 && !hasFilters(query)) {
    notes.push({ text: query.excluded.map((term) => `-${formatTerm(term)}`).join(' '), reason: 'nothing-to-search' });
  } else if (query.terms.length === 0 && !hasFilters(query) && notes.length === 0 && text.trim() !== '') {
    // Only punctuation or symbols: nothing a word index holds. Say so rather than show a blank page.
    notes.push({ text, reason: 'nothing-to-search' });
  }
  query.ignored = summarise(notes);
  return query;
}

/** Canonical text for a parsed query: what the search box shows after the page adds or removes a filter. */
export function formatQuery(query: ParsedQuery): string {
  const parts = [
    ...query.terms.map(formatTerm),
    ...query.excluded.map((term) => `-${formatTerm(term)}`),
    ...query.inChannels.map((channel) => formatFilter('in', channel)),
    ...query.fromPeople.map((person) => formatFilter('from', person)),
    ...DATE_KEYS.flatMap((key) => {
      const date = query.dates[key];
      return date === undefined ? [] : [formatFilter(key, date)];
    }),
    ...query.has.map((has) => formatFilter('has', has)),
    ...(query.isThread ? [formatFilter('is', 'thread')] : []),
  ];
  return parts.join(' ');
}

/**
 * The text with every filter of one kind replaced by `key:value`, or removed
 * when `value` is null: a facet click narrows the search the way Slack's do.
 * The rest of the text stays as the reader typed it. `value` is as the
 * ParsedQuery holds it: a channel or person without its `#` or `@`.
 */
export function withFilter(text: string, key: FilterKey, value: string | null): string {
  const kept = removeFilters(text, (piece) => piece.key === key);
  const clean = value === null ? '' : cleanValue(value);
  return clean === '' ? kept : [kept, formatFilter(key, clean)].filter((part) => part !== '').join(' ');
}

/** The text without one value of a filter, e.g. one of several `in:` channels, as it appears in the ParsedQuery. */
export function withoutFilter(text: string, key: FilterKey, value: string): string {
  return removeFilters(text, (piece) => {
    if (piece.key !== key) return false;
    const read = readFilter(piece);
    return 'value' in read && read.value === value;
  });
}

/** Cut to length, and no control or invisible characters: they could hide or reorder text shown back on the page. */
function prepare(input: string, notes: IgnoredPart[]): string {
  let text = input;
  if (text.length > MAX_QUERY_LENGTH) {
    // Never cut a surrogate pair in half.
    const cut = isHighSurrogate(text.charCodeAt(MAX_QUERY_LENGTH - 1)) ? MAX_QUERY_LENGTH - 1 : MAX_QUERY_LENGTH;
    notes.push({ text: text.slice(cut, cut + 2 * MAX_SHOWN_LENGTH), reason: 'too-long' });
    text = text.slice(0, cut);
  }
  return sanitize(text);
}

function sanitize(text: string): string {
  return text
    .toWellFormed()
    .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
    .replace(/\p{Cc}/gu, ' ');
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isSpace(char: string | undefined): boolean {
  return char !== undefined && SPACE.test(char);
}

function isQuote(char: string | undefined): boolean {
  return char !== undefined && QUOTES.has(char);
}

/** Any quote closes any other: autocorrect and copy-paste mix them freely. */
function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (QUOTES.has(text[i]!)) return i;
  return -1;
}

/**
 * Splits the text into pieces. Every character this looks at is in the Basic
 * Multilingual Plane and none is a surrogate, so indexing by UTF-16 unit is safe.
 */
function* scan(text: string, notes: IgnoredPart[]): Generator<Piece> {
  let i = 0;
  while (i < text.length) {
    if (isSpace(text[i])) {
      i++;
      continue;
    }
    const start = i;
    // `-` excludes what follows it; alone, doubled (`--flag`) or inside a word it is just text.
    const negated = text[i] === '-' && i + 1 < text.length && !isSpace(text[i + 1]) && text[i + 1] !== '-';
    if (negated) i++;

    if (isQuote(text[i])) {
      const close = closingQuote(text, i + 1);
      if (close < 0) {
        // The quote reads as a space: what follows is searched as words.
        notes.push({ text: text.slice(start), reason: 'unbalanced-quote' });
        i++;
        continue;
      }
      let end = close + 1;
      while (text[end] === '*') end++;
      yield { kind: 'text', negated, text: text.slice(i + 1, close), exact: true, prefix: end > close + 1, source: text.slice(start, end) };
      i = end;
      continue;
    }

    let end = i;
    while (end < text.length && !isSpace(text[end]) && !isQuote(text[end])) end++;
    const raw = text.slice(i, end);
    const key = FILTER_PREFIX.exec(raw)?.[1]?.toLowerCase();
    if (key !== undefined && isFilterKey(key)) {
      let value = raw.slice(key.length + 1);
      let next = end;
      if (value === '' && isQuote(text[end])) {
        const close = closingQuote(text, end + 1);
        if (close < 0) {
          notes.push({ text: text.slice(start), reason: 'unbalanced-quote' });
          next = end + 1;
        } else {
          value = text.slice(end + 1, close);
          end = next = close + 1;
        }
      }
      yield { kind: 'filter', negated, key, value, source: text.slice(start, end), start, end };
      i = next;
      continue;
    }

    const word = raw.replace(/\*+$/, '');
    yield { kind: 'text', negated, text: word, exact: false, prefix: word !== raw, source: text.slice(start, end) };
    i = end;
  }
}

function isFilterKey(key: string): key is FilterKey {
  return (FILTER_KEYS as readonly string[]).includes(key);
}

/** Punctuation-only text (`(`, `&&`, an emoji) folds to nothing and is simply not searched for. */
function toTerm(piece: TextPiece, notes: IgnoredPart[]): SearchTerm | null {
  const words = foldWords(piece.text);
  const last = words.at(-1);
  if (last === undefined) return null;
  if (piece.prefix && [...last].length < MIN_PREFIX_LENGTH) {
    notes.push({ text: piece.source, reason: 'short-prefix' });
    return null;
  }
  return { words, exact: piece.exact, prefix: piece.prefix };
}

/**
 * Keeps terms in typed order, exclusions included, until MAX_QUERY_WORDS words;
 * a term that crosses the limit keeps its first words (a shorter run of the same
 * words still finds what the longer one would). Repeats are dropped first.
 */
function keepFirstWords(
  typed: readonly { term: SearchTerm; excluded: boolean; source: string }[],
  query: ParsedQuery,
  notes: IgnoredPart[],
): void {
  let budget = MAX_QUERY_WORDS;
  const seen = new Set<string>();
  const dropped: string[] = [];
  for (const { term, excluded, source } of typed) {
    if (budget === 0) {
      dropped.push(source);
      continue;
    }
    const kept = term.words.length > budget ? { words: term.words.slice(0, budget), exact: term.exact, prefix: false } : term;
    if (kept !== term) dropped.push(source);
    const identity = JSON.stringify([excluded, kept.words, kept.exact, kept.prefix]);
    if (seen.has(identity)) continue;
    seen.add(identity);
    budget -= kept.words.length;
    (excluded ? query.excluded : query.terms).push(kept);
  }
  if (dropped.length > 0) notes.push({ text: dropped.join(' '), reason: 'too-many-terms' });
}

function hasFilters(query: ParsedQuery): boolean {
  return (
    query.inChannels.length > 0 ||
    query.fromPeople.length > 0 ||
    Object.keys(query.dates).length > 0 ||
    query.has.length > 0 ||
    query.isThread
  );
}

/** A filter's value as the ParsedQuery holds it, or why it cannot be used. */
function readFilter(piece: FilterPiece): { value: string } | { reason: IgnoredReason } {
  // No engine can exclude a channel, a person or a date: `-in:` is a filter we do not have.
  if (piece.negated) return { reason: 'unknown-filter' };
  const value = piece.value.trim();
  if (value === '') return { reason: 'empty-filter' };
  switch (piece.key) {
    case 'in':
      return nameValue(value, '#', CHANNEL_MENTION);
    case 'from': {
      const read = nameValue(value, '@', PERSON_MENTION);
      return 'value' in read && read.value.toLowerCase() === 'me' ? { value: 'me' } : read;
    }
    case 'has': {
      const has = HAS_VALUES.get(value.toLowerCase());
      return has === undefined ? { reason: 'unknown-filter' } : { value: has };
    }
    case 'is':
      return value.toLowerCase() === 'thread' ? { value: 'thread' } : { reason: 'unknown-filter' };
    default:
      return isCalendarDate(value, piece.key === 'during') ? { value } : { reason: 'bad-date' };
  }
}

/** A channel or person: the id from a pasted Slack mention, else the name without its `#` or `@`. */
function nameValue(value: string, sigil: string, mention: RegExp): { value: string } | { reason: IgnoredReason } {
  const id = mention.exec(value)?.[1];
  if (id !== undefined) return { value: id };
  const name = value.startsWith(sigil) ? value.slice(sigil.length).trim() : value;
  if (!NAMES_SOMETHING.test(name)) return { reason: 'empty-filter' };
  if ([...name].length > MAX_VALUE_LENGTH) return { reason: 'unknown-filter' };
  return { value: name };
}

/** YYYY-MM-DD, and for `during` also YYYY or YYYY-MM, naming a day that exists (no 2023-02-29). */
function isCalendarDate(value: string, partial: boolean): boolean {
  const match = DATE.exec(value);
  if (match === null) return false;
  const [, year, month, day] = match;
  if (day === undefined && !partial) return false;
  if (month === undefined) return true;
  const m = Number(month);
  if (m < 1 || m > 12) return false;
  if (day === undefined) return true;
  const d = Number(day);
  // Day 0 of the next month is the last day of this one; UTC years below 100 are not shifted by setUTCFullYear.
  const last = new Date(0);
  last.setUTCFullYear(Number(year), m, 0);
  return d >= 1 && d <= last.getUTCDate();
}

function applyFilter(query: ParsedQuery, piece: FilterPiece, notes: IgnoredPart[]): void {
  const read = readFilter(piece);
  if ('reason' in read) {
    notes.push({ text: piece.source, reason: read.reason });
    return;
  }
  const { value } = read;
  switch (piece.key) {
    case 'in':
      addOnce(query.inChannels, value);
      break;
    case 'from':
      addOnce(query.fromPeople, value);
      break;
    case 'has':
      addOnce(query.has, value as HasFilter);
      break;
    case 'is':
      query.isThread = true;
      break;
    default:
      // A repeated date filter: the last one typed wins.
      query.dates[piece.key] = value;
  }
}

function addOnce<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value);
}

/** Several words of one term are joined by `-`, which folds back into the same adjacent words. */
function formatTerm(term: SearchTerm): string {
  const words = term.exact ? `"${term.words.join(' ')}"` : term.words.join('-');
  return term.prefix ? `${words}*` : words;
}

function formatFilter(key: FilterKey, value: string): string {
  const sigil = key === 'in' ? '#' : key === 'from' && value !== 'me' ? '@' : '';
  const text = `${sigil}${value}`;
  return [...text].some(isSpace) ? `${key}:"${text}"` : `${key}:${text}`;
}

/** A value from the page: nothing that could end a quoted value or hide text. */
function cleanValue(value: string): string {
  return [...sanitize(value)]
    .filter((char) => !isQuote(char))
    .join('')
    .replace(/\s+/gu, ' ')
    .trim();
}

function removeFilters(text: string, remove: (piece: FilterPiece) => boolean): string {
  const prepared = prepare(text, []);
  let kept = '';
  let from = 0;
  for (const piece of scan(prepared, [])) {
    if (piece.kind !== 'filter' || !remove(piece)) continue;
    kept += `${prepared.slice(from, piece.start)} `;
    from = piece.end;
  }
  kept += prepared.slice(from);
  return kept.replace(/\s+/gu, ' ').trim();
}

/** One short entry per reason, in the order first met. */
function summarise(notes: readonly IgnoredPart[]): IgnoredPart[] {
  const byReason = new Map<IgnoredReason, string[]>();
  for (const note of notes) {
    const texts = byReason.get(note.reason) ?? [];
    texts.push(note.text);
    byReason.set(note.reason, texts);
  }
  return [...byReason].map(([reason, texts]) => ({ text: shorten(sanitize(texts.join(' ')).replace(/\s+/gu, ' ').trim()), reason }));
}

function shorten(text: string): string {
  const chars = [...text];
  return chars.length <= MAX_SHOWN_LENGTH ? text : `${chars.slice(0, MAX_SHOWN_LENGTH - 1).join('')}…`;
}

import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the parts of Meilisearch's HTTP API the adapter uses
 * (documented shapes: indexes, settings, documents, tasks, search, swap-indexes,
 * errors as `{ message, code, type, link }`). It records every request so tests
 * assert exact bodies, checks them against the documentation and our own rules
 * (settings before documents, the access filter on every search, valid ids),
 * and answers as Meilisearch does — or with the failure a test asked for.
 * Broken rules land in `violations`: tests assert that list is empty.
 *
 * It is a test double, NOT a search engine. Its search is deliberately small and
 * honest: words are folded (lower case, accents removed, split on what is not a
 * letter or digit) and matched whole, in any searchable attribute — the last word of `q` as a prefix unless `q`
 * ends with a space — quoted phrases as adjacent words, `-word`/`-"phrase"`
 * excluded; no typo tolerance, no ranking by words (relevance = insertion order,
 * then the index's custom ranking rules `field:asc|desc`, applied in order), no
 * 10-word limit. Its filter evaluator covers the grammar the adapter emits
 * (IN lists, =, !=, >, >=, <, <=, AND, OR, NOT, parentheses, quoted values with
 * backslash escapes) and refuses what an index does not allow (an attribute that
 * is not filterable, a comparison where only equality is enabled).
 */

export type StandInAnswer = 'ok' | 'server-error' | 'outage' | 'slow' | 'not-json';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface StandInTask {
  uid: number;
  batchUid: number | null;
  indexUid: string | null;
  status: 'enqueued' | 'processing' | 'succeeded' | 'failed' | 'canceled';
  type: string;
  canceledBy: null;
  details: Record<string, unknown>;
  error: MeiliError | null;
  duration: string | null;
  enqueuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface MeiliError {
  message: string;
  code: string;
  type: 'invalid_request' | 'internal' | 'auth' | 'system';
  link: string;
}

type Doc = Record<string, unknown>;

interface StandInIndex {
  uid: string;
  primaryKey: string | null;
  createdAt: string;
  updatedAt: string;
  settings: Record<string, unknown>;
  /** Set once a settings task has succeeded on this index. */
  configured: boolean;
  documents: Map<string, Doc>;
}

export interface MeilisearchStandIn {
  /** "http://127.0.0.1:PORT" */
  url: string;
  requests: RecordedRequest[];
  violations: string[];
  tasks: StandInTask[];
  /** Requests other than task polling, as "METHOD /path". */
  calls(): string[];
  /** Queues answers for the next requests matching `route` ("METHOD /path" regexp; any when omitted). */
  answerNextWith(answer: StandInAnswer, route?: RegExp): void;
  /** The next task of this type (e.g. 'documentAdditionOrUpdate') fails with this error code. */
  failNextTask(type: string, code?: string): void;
  index(uid: string): StandInIndex | undefined;
  indexNames(): string[];
  reset(): void;
  close(): Promise<void>;
}

const SETTINGS_KEYS = new Set([
  'displayedAttributes',
  'searchableAttributes',
  'filterableAttributes',
  'sortableAttributes',
  'rankingRules',
  'stopWords',
  'nonSeparatorTokens',
  'separatorTokens',
  'dictionary',
  'synonyms',
  'distinctAttribute',
  'proximityPrecision',
  'typoTolerance',
  'faceting',
  'pagination',
  'embedders',
  'searchCutoffMs',
  'localizedAttributes',
  'facetSearch',
  'prefixSearch',
]);

const BUILT_IN_RULES: ReadonlySet<string> = new Set(['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness']);
const CUSTOM_RULE = /^[A-Za-z0-9_.-]+:(asc|desc)$/;

const SEARCH_KEYS = new Set([
  'q',
  'offset',
  'limit',
  'page',
  'hitsPerPage',
  'attributesToRetrieve',
  'retrieveVectors',
  'attributesToCrop',
  'cropLength',
  'cropMarker',
  'attributesToHighlight',
  'showMatchesPosition',
  'showRankingScore',
  'showRankingScoreDetails',
  'filter',
  'sort',
  'distinct',
  'facets',
  'highlightPreTag',
  'highlightPostTag',
  'matchingStrategy',
  'attributesToSearchOn',
  'rankingScoreThreshold',
  'locales',
  'hybrid',
  'vector',
]);

const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,511}$/;

function error(code: string, message: string, type: MeiliError['type'] = 'invalid_request'): MeiliError {
  return { message, code, type, link: `https://docs.meilisearch.com/errors#${code}` };
}

class HttpError extends Error {
  readonly status: number;
  readonly body: MeiliError;
  constructor(status: number, body: MeiliError) {
    super(body.message);
    this.status = status;
    this.body = body;
  }
}

export function fold(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

// ---------- filter: tokenizer, parser, evaluator ----------

type FilterToken = { kind: 'punct'; value: string } | { kind: 'op'; value: string } | { kind: 'word'; value: string; quoted: boolean };

function tokenizeFilter(input: string): FilterToken[] {
  const tokens: FilterToken[] = [];
  let at = 0;
  while (at < input.length) {
    const char = input[at]!;
    if (/\s/.test(char)) at++;
    else if ('()[],'.includes(char)) {
      tokens.push({ kind: 'punct', value: char });
      at++;
    } else if (/[<>!=]/.test(char)) {
      const two = input.slice(at, at + 2);
      const op = ['>=', '<=', '!='].includes(two) ? two : char;
      if (op === '!') throw new Error('lonely !');
      tokens.push({ kind: 'op', value: op });
      at += op.length;
    } else if (char === '"' || char === "'") {
      let value = '';
      at++;
      for (;;) {
        if (at >= input.length) throw new Error('unclosed quote');
        const c = input[at]!;
        if (c === '\\' && (input[at + 1] === char || input[at + 1] === '\\')) {
          value += input[at + 1];
          at += 2;
        } else if (c === char) {
          at++;
          break;
        } else {
          value += c;
          at++;
        }
      }
      tokens.push({ kind: 'word', value, quoted: true });
    } else {
      const match = /^[A-Za-z0-9_.\-]+/.exec(input.slice(at));
      if (!match) throw new Error(`unexpected character at ${at}`);
      tokens.push({ kind: 'word', value: match[0], quoted: false });
      at += match[0].length;
    }
  }
  return tokens;
}

export type FilterNode =
  | { kind: 'and' | 'or'; children: FilterNode[] }
  | { kind: 'not'; child: FilterNode }
  | { kind: 'in'; attribute: string; values: string[] }
  | { kind: 'compare'; attribute: string; op: string; value: string }
  | { kind: 'exists'; attribute: string };

export function parseFilter(input: string): FilterNode {
  const tokens = tokenizeFilter(input);
  let at = 0;
  const peek = () => tokens[at];
  const keyword = (word: string) => {
    const token = peek();
    return token?.kind === 'word' && !token.quoted && token.value === word;
  };
  const expect = (value: string) => {
    const token = tokens[at++];
    if (!token || token.kind === 'word' || token.value !== value) throw new Error(`expected ${value}`);
  };
  const value = (): string => {
    const token = tokens[at++];
    if (!token || token.kind !== 'word') throw new Error('expected a value');
    return token.value;
  };
  const list = (): string[] => {
    expect('[');
    const values: string[] = [];
    while (!(peek()?.kind === 'punct' && peek()!.value === ']')) {
      values.push(value());
      if (peek()?.kind === 'punct' && peek()!.value === ',') at++;
      else break;
    }
    expect(']');
    return values;
  };
  const primary = (): FilterNode => {
    const token = peek();
    if (token?.kind === 'punct' && token.value === '(') {
      at++;
      const inner = or();
      expect(')');
      return inner;
    }
    const attribute = value();
    if (keyword('IN')) {
      at++;
      return { kind: 'in', attribute, values: list() };
    }
    if (keyword('EXISTS')) {
      at++;
      return { kind: 'exists', attribute };
    }
    if (keyword('NOT')) {
      at++;
      if (keyword('IN')) {
        at++;
        return { kind: 'not', child: { kind: 'in', attribute, values: list() } };
      }
      if (keyword('EXISTS')) {
        at++;
        return { kind: 'not', child: { kind: 'exists', attribute } };
      }
      throw new Error('expected IN or EXISTS after NOT');
    }
    const op = tokens[at++];
    if (!op || op.kind !== 'op') throw new Error('expected an operator');
    return { kind: 'compare', attribute, op: op.value, value: value() };
  };
  const not = (): FilterNode => {
    if (keyword('NOT')) {
      at++;
      return { kind: 'not', child: not() };
    }
    return primary();
  };
  const chain = (kind: 'and' | 'or', word: string, next: () => FilterNode) => (): FilterNode => {
    const children = [next()];
    while (keyword(word)) {
      at++;
      children.push(next());
    }
    return children.length === 1 ? children[0]! : { kind, children };
  };
  const and = chain('and', 'AND', not);
  const or = chain('or', 'OR', and);
  const tree = or();
  if (at !== tokens.length) throw new Error('unexpected trailing input');
  return tree;
}

interface FilterFeatures {
  equality: boolean;
  comparison: boolean;
}

function featuresOf(settings: Record<string, unknown>, attribute: string): FilterFeatures | null {
  const entries = (settings.filterableAttributes as unknown[] | undefined) ?? [];
  for (const entry of entries) {
    if (typeof entry === 'string') {
      if (entry === attribute || entry === '*') return { equality: true, comparison: true };
    } else if (entry && typeof entry === 'object') {
      const granular = entry as { attributePatterns: string[]; features: { filter: FilterFeatures } };
      if (granular.attributePatterns.some((pattern) => pattern === attribute || pattern === '*')) return granular.features.filter;
    }
  }
  return null;
}

function checkFilter(node: FilterNode, settings: Record<string, unknown>): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children.forEach((child) => checkFilter(child, settings));
    case 'not':
      return checkFilter(node.child, settings);
    default: {
      const features = featuresOf(settings, node.attribute);
      if (!features) throw new Error(`Attribute \`${node.attribute}\` is not filterable.`);
      if (node.kind === 'compare' && ['<', '<=', '>', '>='].includes(node.op)) {
        if (!features.comparison) throw new Error(`Filter operator \`${node.op}\` is not allowed for the attribute \`${node.attribute}\`.`);
        if (!Number.isFinite(Number(node.value))) throw new Error('comparison needs a number');
      } else if (!features.equality) throw new Error(`Filter operator \`=\` is not allowed for the attribute \`${node.attribute}\`.`);
    }
  }
}

function equals(field: unknown, value: string): boolean {
  if (field === null || field === undefined) return false;
  if (typeof field === 'number') return Number.isFinite(Number(value)) && Number(value) === field;
  return String(field) === value;
}

export function evaluateFilter(node: FilterNode, doc: Doc): boolean {
  switch (node.kind) {
    case 'and':
      return node.children.every((child) => evaluateFilter(child, doc));
    case 'or':
      return node.children.some((child) => evaluateFilter(child, doc));
    case 'not':
      return !evaluateFilter(node.child, doc);
    case 'exists':
      return node.attribute in doc;
    case 'in':
      return node.values.some((value) => equals(doc[node.attribute], value));
    case 'compare': {
      const field = doc[node.attribute];
      if (node.op === '=') return equals(field, node.value);
      if (node.op === '!=') return !equals(field, node.value);
      if (typeof field !== 'number') return false;
      const bound = Number(node.value);
      return node.op === '<' ? field < bound : node.op === '<=' ? field <= bound : node.op === '>' ? field > bound : field >= bound;
    }
  }
}

/** True when the filter's top level is an AND (or a single clause) including `channelId IN [...]`. */
function hasAccessFilter(node: FilterNode): boolean {
  const conjuncts = node.kind === 'and' ? node.children : [node];
  return conjuncts.some((clause) => clause.kind === 'in' && clause.attribute === 'channelId');
}

// ---------- q: phrases, negatives, last-word prefix ----------

interface ParsedQ {
  words: { word: string; prefix: boolean }[];
  phrases: string[][];
  negativeWords: string[];
  negativePhrases: string[][];
}

export function parseQ(q: string): ParsedQ {
  const parsed: ParsedQ = { words: [], phrases: [], negativeWords: [], negativePhrases: [] };
  const pieces = [...q.matchAll(/(-?)(?:"([^"]*)"?|([^\s"]+))/g)];
  const endsWithSeparator = /[^\p{L}\p{N}"]$/u.test(q) || q.endsWith('"');
  pieces.forEach((piece, at) => {
    const negative = piece[1] === '-';
    const quoted = piece[2] !== undefined;
    const words = fold(piece[2] ?? piece[3] ?? '');
    if (words.length === 0) return;
    if (negative) {
      if (quoted || words.length > 1) parsed.negativePhrases.push(words);
      else parsed.negativeWords.push(words[0]!);
    } else if (quoted || words.length > 1) parsed.phrases.push(words);
    else parsed.words.push({ word: words[0]!, prefix: at === pieces.length - 1 && !endsWithSeparator });
  });
  return parsed;
}

function containsPhrase(tokens: string[], phrase: string[]): number[] | null {
  for (let start = 0; start + phrase.length <= tokens.length; start++) {
    if (phrase.every((word, offset) => tokens[start + offset] === word)) return phrase.map((_, offset) => start + offset);
  }
  return null;
}

/**
 * A document matches when each word is in one of its searchable attributes (any
 * of them), each phrase inside one attribute, and no excluded word or phrase in any.
 */
function matches(q: ParsedQ, texts: readonly string[]): boolean {
  const fields = texts.map(fold);
  const all = fields.flat();
  return (
    q.words.every(({ word, prefix }) => all.some((token) => (prefix ? token.startsWith(word) : token === word))) &&
    q.phrases.every((phrase) => fields.some((tokens) => containsPhrase(tokens, phrase) !== null)) &&
    !q.negativeWords.some((word) => all.includes(word)) &&
    !q.negativePhrases.some((phrase) => fields.some((tokens) => containsPhrase(tokens, phrase) !== null))
  );
}

/** The values of the attributes a search reads, in their order: the index's searchable ones (all of `text` when unset), or those the search names. */
function searchable(attributes: readonly string[], doc: Doc): string[] {
  return attributes.map((attribute) => String(doc[attribute] ?? ''));
}

/**
 * The stand-in's own ranking score, in (0, 1]: the share of the query's words and
 * phrases a document holds (Meilisearch's `words` rule first), a tenth less when
 * they are not all in the first attribute searched (`attribute`). Meilisearch's
 * scores are finer; what the adapter relies on is documented: more words score
 * higher, and federation multiplies a score by its query's weight.
 */
function rankingScore(q: ParsedQ, fields: readonly string[]): number {
  const terms = [...q.words.map((word) => ({ ...q, words: [word], phrases: [] })), ...q.phrases.map((phrase) => ({ ...q, words: [], phrases: [phrase] }))];
  if (terms.length === 0) return 1;
  const held = terms.filter((term) => matches(term, fields));
  const inFirst = held.every((term) => matches(term, fields.slice(0, 1)));
  return (held.length / terms.length) * (inFirst ? 1 : 0.9);
}

interface FormatOptions {
  crop: boolean;
  highlight: boolean;
  cropLength: number;
  cropMarker: string;
  pre: string;
  post: string;
}

/** Crops around the first match and wraps matched words, keeping the original characters between them. */
function format(text: string, q: ParsedQ, options: FormatOptions): string {
  const spans = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    folded: fold(match[0]).join(''),
  }));
  const tokens = spans.map((span) => span.folded);
  const matched = new Set<number>();
  tokens.forEach((token, at) => {
    if (q.words.some(({ word, prefix }) => (prefix ? token.startsWith(word) : token === word))) matched.add(at);
  });
  for (const phrase of q.phrases) containsPhrase(tokens, phrase)?.forEach((at) => matched.add(at));
  let first = 0;
  let last = spans.length;
  if (options.crop && spans.length > options.cropLength) {
    const firstMatch = matched.size > 0 ? Math.min(...matched) : 0;
    first = Math.max(0, Math.min(firstMatch - Math.floor(options.cropLength / 2), spans.length - options.cropLength));
    last = first + options.cropLength;
  }
  if (spans.length === 0) return text;
  let out = first > 0 ? options.cropMarker : '';
  let cursor = first > 0 ? spans[first]!.start : 0;
  for (let at = first; at < last; at++) {
    const span = spans[at]!;
    out += text.slice(cursor, span.start);
    const word = text.slice(span.start, span.end);
    out += options.highlight && matched.has(at) ? `${options.pre}${word}${options.post}` : word;
    cursor = span.end;
  }
  out += last < spans.length ? options.cropMarker : text.slice(cursor);
  return out;
}

// ---------- the server ----------

export async function startMeilisearchStandIn(
  options: { apiKey?: string; slowAnswerMs?: number; taskDelayMs?: number } = {},
): Promise<MeilisearchStandIn> {
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const tasks: StandInTask[] = [];
  const indexes = new Map<string, StandInIndex>();
  const answers: { answer: StandInAnswer; route?: RegExp }[] = [];
  const taskFailures: { type: string; code: string }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const pending: { task: StandInTask; run: () => void }[] = [];
  let processing = false;

  const now = () => new Date().toISOString();

  function newIndex(uid: string, primaryKey: string | null): StandInIndex {
    const stamp = now();
    return { uid, primaryKey, createdAt: stamp, updatedAt: stamp, settings: {}, configured: false, documents: new Map() };
  }

  function indexObject(index: StandInIndex) {
    return { uid: index.uid, createdAt: index.createdAt, updatedAt: index.updatedAt, primaryKey: index.primaryKey };
  }

  function later(run: () => void, ms: number) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  }

  /** Tasks run one at a time, in order, a little after they are enqueued: a poll first sees "enqueued". */
  function processNext() {
    if (processing) return;
    const next = pending.shift();
    if (!next) return;
    processing = true;
    later(() => {
      const { task, run } = next;
      task.status = 'processing';
      task.startedAt = now();
      const failure = taskFailures.findIndex((failing) => failing.type === task.type);
      try {
        if (failure !== -1) {
          const { code } = taskFailures.splice(failure, 1)[0]!;
          throw new HttpError(
            500,
            error(code, `Stand-in failed this ${task.type} task as asked.`, code === 'internal' ? 'internal' : 'invalid_request'),
          );
        }
        run();
        task.status = 'succeeded';
      } catch (thrown) {
        task.status = 'failed';
        task.error = thrown instanceof HttpError ? thrown.body : error('internal', String(thrown), 'internal');
      }
      task.finishedAt = now();
      task.duration = 'PT0.001S';
      processing = false;
      processNext();
    }, options.taskDelayMs ?? 5);
  }

  function enqueue(type: string, indexUid: string | null, details: Record<string, unknown>, run: () => void) {
    const task: StandInTask = {
      uid: tasks.length,
      batchUid: null,
      indexUid,
      status: 'enqueued',
      type,
      canceledBy: null,
      details,
      error: null,
      duration: null,
      enqueuedAt: now(),
      startedAt: null,
      finishedAt: null,
    };
    tasks.push(task);
    pending.push({ task, run });
    processNext();
    return { status: 202, body: { taskUid: task.uid, indexUid, status: 'enqueued', type, enqueuedAt: task.enqueuedAt } };
  }

  function existing(uid: string): StandInIndex {
    const index = indexes.get(uid);
    if (!index) throw new HttpError(404, error('index_not_found', `Index \`${uid}\` not found.`));
    return index;
  }

  function refuse(problem: string, code = 'bad_request'): never {
    violations.push(problem);
    throw new HttpError(400, error(code, `Stand-in refused the request: ${problem}`));
  }

  function validateSettings(body: unknown): Record<string, unknown> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) refuse('settings must be an object');
    const settings = body as Record<string, unknown>;
    for (const key of Object.keys(settings)) if (!SETTINGS_KEYS.has(key)) refuse(`unknown setting ${key}`);
    for (const entry of (settings.filterableAttributes as unknown[] | undefined) ?? []) {
      if (typeof entry === 'string') continue;
      const granular = entry as {
        attributePatterns?: unknown;
        features?: { facetSearch?: unknown; filter?: { equality?: unknown; comparison?: unknown } };
      };
      const valid =
        Array.isArray(granular.attributePatterns) &&
        granular.attributePatterns.every((pattern) => typeof pattern === 'string') &&
        typeof granular.features?.facetSearch === 'boolean' &&
        typeof granular.features.filter?.equality === 'boolean' &&
        typeof granular.features.filter.comparison === 'boolean';
      if (!valid)
        refuse(
          'a granular filterable attribute needs attributePatterns and features.{facetSearch, filter.{equality, comparison}}',
          'invalid_settings_filterable_attributes',
        );
    }
    // Documented: the built-in rules by name, or a custom rule `attribute:asc` / `attribute:desc`.
    const rules = settings.rankingRules as unknown[] | undefined;
    if (rules !== undefined && (!Array.isArray(rules) || rules.some((rule) => typeof rule !== 'string' || !(BUILT_IN_RULES.has(rule) || CUSTOM_RULE.test(rule)))))
      refuse('rankingRules are built-in rule names or `attribute:asc|desc`', 'invalid_settings_ranking_rules');
    return settings;
  }

  /** Custom ranking rules order matches that the built-in rules leave tied; the stand-in ties them all (a stable sort). */
  function customRanking(index: StandInIndex, found: Doc[]): Doc[] {
    const custom = ((index.settings.rankingRules as string[] | undefined) ?? []).filter((rule) => CUSTOM_RULE.test(rule)).map((rule) => rule.split(':') as [string, string]);
    if (custom.length === 0) return found;
    return found.toSorted((a, b) => {
      for (const [attribute, direction] of custom) {
        const difference = (Number(a[attribute]) - Number(b[attribute])) * (direction === 'desc' ? -1 : 1);
        if (difference !== 0) return difference;
      }
      return 0;
    });
  }

  /** What one search matches, in order, with each match's ranking score (the stand-in's, see rankingScore). */
  function find(index: StandInIndex, body: Record<string, unknown>, perPage: number): { q: ParsedQ; found: Doc[]; scoreOf: (doc: Doc) => number } {
    for (const key of Object.keys(body)) if (!SEARCH_KEYS.has(key)) refuse(`unknown search parameter ${key}`);
    let tree: FilterNode | null = null;
    if (typeof body.filter === 'string') {
      try {
        tree = parseFilter(body.filter);
        checkFilter(tree, index.settings);
      } catch (thrown) {
        throw new HttpError(400, error('invalid_search_filter', (thrown as Error).message));
      }
    } else if (body.filter !== undefined) refuse('the adapter sends its filter as one string');
    if (!tree || !hasAccessFilter(tree)) violations.push('a search without the access filter (channelId IN [...]) at its top level');
    if (body.matchingStrategy !== 'all' && body.matchingStrategy !== 'frequency') {
      violations.push('searches must set matchingStrategy "all" (every term) or "frequency" (a relaxed search)');
    }
    const searchableAttributes = (index.settings.searchableAttributes as string[] | undefined) ?? ['text'];
    const named = body.attributesToSearchOn as string[] | undefined;
    if (named !== undefined && !named.every((attribute) => searchableAttributes.includes(attribute))) {
      throw new HttpError(400, error('invalid_search_attributes_to_search_on', 'Attributes to search on must be searchable attributes.'));
    }
    // Searched in the index's order of attributes, whatever order the search names them in (documented).
    const attributes = named ? searchableAttributes.filter((attribute) => named.includes(attribute)) : searchableAttributes;

    const q = parseQ(typeof body.q === 'string' ? body.q : '');
    const candidates = [...index.documents.values()].filter((doc) => !tree || evaluateFilter(tree, doc));
    let found = candidates.filter((doc) => matches(q, searchable(attributes, doc)));
    // "frequency": while fewer documents than a page match, the word most documents hold is left out, and
    // what then matches follows what matched before (documented; phrases and exclusions are never left out).
    for (let kept = q.words; body.matchingStrategy === 'frequency' && found.length < perPage && kept.length > 1; ) {
      const holding = (word: ParsedQ['words'][number]) => candidates.filter((doc) => matches({ ...q, words: [word], phrases: [] }, searchable(attributes, doc))).length;
      const commonest = kept.reduce((a, b) => (holding(b) > holding(a) ? b : a));
      kept = kept.filter((word) => word !== commonest);
      const wider = candidates.filter((doc) => !found.includes(doc) && matches({ ...q, words: kept }, searchable(attributes, doc)));
      found = [...found, ...wider];
    }
    const sort = (body.sort as string[] | undefined) ?? [];
    if (sort.length === 0) found = customRanking(index, found);
    for (const rule of sort) {
      const [attribute, direction] = rule.split(':');
      if (!((index.settings.sortableAttributes as string[] | undefined) ?? []).includes(attribute!)) {
        throw new HttpError(400, error('invalid_search_sort', `Attribute \`${attribute}\` is not sortable.`));
      }
      found = found.sort((a, b) => (Number(a[attribute!]) - Number(b[attribute!])) * (direction === 'desc' ? -1 : 1));
    }
    return { q, found, scoreOf: (doc) => rankingScore(q, searchable(attributes, doc)) };
  }

  function facetDistributionOf(found: readonly Doc[], facets: readonly string[]): Record<string, Record<string, number>> {
    const distribution: Record<string, Record<string, number>> = {};
    for (const facet of facets) {
      const counts: Record<string, number> = {};
      for (const doc of found) {
        const value = doc[facet];
        if (value === null || value === undefined) continue;
        counts[String(value)] = (counts[String(value)] ?? 0) + 1;
      }
      distribution[facet] = counts;
    }
    return distribution;
  }

  /** A hit as a search shapes it: the attributes retrieved, and `_formatted` with crops and highlights of what `q` matched. */
  function shapeHit(index: StandInIndex, body: Record<string, unknown>, q: ParsedQ, doc: Doc): Record<string, unknown> {
    const displayed = (index.settings.displayedAttributes as string[] | undefined) ?? ['*'];
    const isDisplayed = (attribute: string) => displayed.includes('*') || displayed.includes(attribute);
    const retrieve = ((body.attributesToRetrieve as string[] | undefined) ?? ['*']).filter(isDisplayed);
    const crop = ((body.attributesToCrop as string[] | undefined) ?? []).filter(isDisplayed);
    const highlight = ((body.attributesToHighlight as string[] | undefined) ?? []).filter(isDisplayed);
    const pick = (attributes: string[]) =>
      Object.fromEntries(Object.entries(doc).filter(([key]) => isDisplayed(key) && (attributes.includes('*') || attributes.includes(key))));
    const hit: Record<string, unknown> = pick(retrieve);
    if (crop.length > 0 || highlight.length > 0) {
      const formatted: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(pick([...retrieve, ...crop, ...highlight]))) {
        formatted[key] =
          typeof value === 'string' && (crop.includes(key) || highlight.includes(key))
            ? format(value, q, {
                crop: crop.includes(key),
                highlight: highlight.includes(key),
                cropLength: (body.cropLength as number | undefined) ?? 10,
                cropMarker: (body.cropMarker as string | undefined) ?? '…',
                pre: (body.highlightPreTag as string | undefined) ?? '<em>',
                post: (body.highlightPostTag as string | undefined) ?? '</em>',
              })
            : value === null
              ? null
              : String(value);
      }
      hit._formatted = formatted;
    }
    return hit;
  }

  const maxTotalHitsOf = (index: StandInIndex) => ((index.settings.pagination as { maxTotalHits?: number } | undefined)?.maxTotalHits ?? 1000) as number;

  function search(index: StandInIndex, body: Record<string, unknown>) {
    const { q, found } = find(index, body, Number(body.hitsPerPage ?? body.limit ?? 20));
    const reachable = found.slice(0, maxTotalHitsOf(index));
    const facetDistribution = facetDistributionOf(found, (body.facets as string[] | undefined) ?? []);
    const shape = (doc: Doc) => shapeHit(index, body, q, doc);
    const common = { query: typeof body.q === 'string' ? body.q : '', processingTimeMs: 0, facetDistribution, facetStats: {} };
    if (body.page !== undefined || body.hitsPerPage !== undefined) {
      const page = (body.page as number | undefined) ?? 1;
      const hitsPerPage = (body.hitsPerPage as number | undefined) ?? 20;
      if (!Number.isInteger(page) || page < 0 || !Number.isInteger(hitsPerPage) || hitsPerPage < 0)
        refuse('page and hitsPerPage must be non-negative integers', 'invalid_search_page');
      const start = (page - 1) * hitsPerPage;
      const hits = page === 0 ? [] : reachable.slice(start, start + hitsPerPage).map(shape);
      return {
        hits,
        ...common,
        hitsPerPage,
        page,
        totalPages: hitsPerPage === 0 ? 0 : Math.ceil(reachable.length / hitsPerPage),
        totalHits: reachable.length,
      };
    }
    const offset = (body.offset as number | undefined) ?? 0;
    const limit = (body.limit as number | undefined) ?? 20;
    return { hits: reachable.slice(offset, offset + limit).map(shape), ...common, limit, offset, estimatedTotalHits: reachable.length };
  }

  /**
   * `POST /multi-search` with `federation` (documented since v1.10): every query runs,
   * and their hits merge into one list by ranking score times the query's
   * `federationOptions.weight`; a document several queries of one index find comes
   * once, at its best weighted score. Pagination and facets belong to the
   * federation (`offset`/`limit`, `facetsByIndex`), never to a query.
   */
  function federatedSearch(body: Record<string, unknown>) {
    const federation = body.federation as Record<string, unknown> | null | undefined;
    const queries = body.queries as Record<string, unknown>[] | undefined;
    if (!Array.isArray(queries)) refuse('multi-search takes { queries: [...] }', 'bad_request');
    if (!federation) refuse('the adapter only sends federated multi-searches', 'bad_request');
    for (const key of Object.keys(federation)) if (!['offset', 'limit', 'facetsByIndex', 'mergeFacets'].includes(key)) refuse(`unknown federation parameter ${key}`);
    const limit = (federation.limit as number | undefined) ?? 20;
    const offset = (federation.offset as number | undefined) ?? 0;
    const best = new Map<string, { index: StandInIndex; doc: Doc; query: Record<string, unknown>; q: ParsedQ; position: number; score: number }>();
    queries.forEach((query, position) => {
      const { indexUid, federationOptions, ...params } = query as { indexUid: string; federationOptions?: { weight?: number } } & Record<string, unknown>;
      for (const key of ['page', 'hitsPerPage', 'offset', 'limit']) {
        if (key in params) throw new HttpError(400, error('invalid_multi_search_query_pagination', `Inside \`.queries[${position}]\`: \`${key}\` is not supported in a federated search.`));
      }
      if ('facets' in params) throw new HttpError(400, error('invalid_multi_search_query_facets', `Inside \`.queries[${position}]\`: \`facets\` is not supported in a federated search; use \`federation.facetsByIndex\`.`));
      const weight = federationOptions?.weight ?? 1;
      if (typeof weight !== 'number' || weight < 0) throw new HttpError(400, error('invalid_multi_search_weight', 'A weight must be a positive number.'));
      const index = existing(indexUid);
      const { q, found, scoreOf } = find(index, params, offset + limit);
      for (const doc of found.slice(0, maxTotalHitsOf(index))) {
        const key = `${indexUid}\u0000${String(doc[index.primaryKey ?? 'id'])}`;
        const score = scoreOf(doc) * weight;
        const seen = best.get(key);
        if (!seen || score > seen.score) best.set(key, { index, doc, query: params, q, position, score });
      }
    });
    // Stable: equal weighted scores keep the order the queries found them in.
    const merged = [...best.values()].sort((a, b) => b.score - a.score);
    const facetsByIndex = Object.fromEntries(
      Object.entries((federation.facetsByIndex as Record<string, string[]> | undefined) ?? {}).map(([uid, facets]) => [
        uid,
        { distribution: facetDistributionOf(merged.filter((entry) => entry.index.uid === uid).map((entry) => entry.doc), facets), stats: {} },
      ]),
    );
    return {
      hits: merged.slice(offset, offset + limit).map((entry) => ({
        ...shapeHit(entry.index, entry.query, entry.q, entry.doc),
        _federation: { indexUid: entry.index.uid, queriesPosition: entry.position, weightedRankingScore: entry.score },
      })),
      processingTimeMs: 0,
      limit,
      offset,
      estimatedTotalHits: merged.length,
      facetsByIndex,
    };
  }

  function route(method: string, path: string, query: Record<string, string>, body: unknown): { status: number; body: unknown } {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (method === 'GET' && path === '/health') return { status: 200, body: { status: 'available' } };
    if (parts[0] === 'tasks' && parts.length === 2 && method === 'GET') {
      const task = tasks[Number(parts[1])];
      if (!task) throw new HttpError(404, error('task_not_found', `Task \`${parts[1]}\` not found.`));
      return { status: 200, body: task };
    }
    if (method === 'POST' && path === '/swap-indexes') {
      const swaps = body as { indexes: [string, string]; rename?: boolean }[];
      if (!Array.isArray(swaps) || !swaps.every((swap) => Array.isArray(swap.indexes) && swap.indexes.length === 2))
        refuse('swap-indexes takes [{ indexes: [a, b] }]', 'invalid_swap_indexes');
      return enqueue('indexSwap', null, { swaps }, () => {
        for (const {
          indexes: [a, b],
        } of swaps) {
          const first = existing(a);
          const second = existing(b);
          indexes.set(a, { ...second, uid: a });
          indexes.set(b, { ...first, uid: b });
        }
      });
    }
    if (method === 'POST' && path === '/multi-search') return { status: 200, body: federatedSearch(body as Record<string, unknown>) };
    if (method === 'POST' && path === '/indexes') {
      const { uid, primaryKey } = body as { uid: string; primaryKey?: string };
      if (typeof uid !== 'string' || !/^[A-Za-z0-9_-]+$/.test(uid)) refuse('invalid index uid', 'invalid_index_uid');
      return enqueue('indexCreation', uid, { primaryKey: primaryKey ?? null }, () => {
        if (indexes.has(uid)) throw new HttpError(409, error('index_already_exists', `Index \`${uid}\` already exists.`));
        indexes.set(uid, newIndex(uid, primaryKey ?? null));
      });
    }
    if (parts[0] !== 'indexes' || !parts[1]) throw new HttpError(404, error('not_found', 'Not found.'));
    const uid = parts[1];
    const rest = parts.slice(2).join('/');
    if (rest === '' && method === 'GET') return { status: 200, body: indexObject(existing(uid)) };
    if (rest === '' && method === 'DELETE') {
      return enqueue('indexDeletion', uid, { deletedDocuments: indexes.get(uid)?.documents.size ?? 0 }, () => {
        existing(uid);
        indexes.delete(uid);
      });
    }
    if (rest === 'settings' && method === 'GET') return { status: 200, body: existing(uid).settings };
    if (rest === 'settings' && method === 'PATCH') {
      const settings = validateSettings(body);
      return enqueue('settingsUpdate', uid, settings, () => {
        const index = indexes.get(uid) ?? newIndex(uid, null);
        indexes.set(uid, index);
        index.settings = { ...index.settings, ...settings };
        index.configured = true;
        index.updatedAt = now();
      });
    }
    if (rest === 'documents' && (method === 'POST' || method === 'PUT')) {
      if (!Array.isArray(body)) refuse('documents must be an array');
      const documents = body as Doc[];
      return enqueue('documentAdditionOrUpdate', uid, { receivedDocuments: documents.length, indexedDocuments: null }, () => {
        let index = indexes.get(uid);
        if (!index) indexes.set(uid, (index = newIndex(uid, query.primaryKey ?? null)));
        if (!index.configured) violations.push(`documents reached index ${uid} before its settings`);
        index.primaryKey ??= query.primaryKey ?? 'id';
        for (const doc of documents) {
          const id = doc[index.primaryKey];
          if (typeof id !== 'string' || !DOCUMENT_ID.test(id)) {
            violations.push(`invalid document id ${JSON.stringify(id)}`);
            throw new HttpError(400, error('invalid_document_id', `Document identifier \`${JSON.stringify(id)}\` is invalid.`));
          }
        }
        for (const doc of documents) {
          const id = doc[index.primaryKey] as string;
          index.documents.set(id, method === 'PUT' ? { ...index.documents.get(id), ...doc } : doc);
        }
        index.updatedAt = now();
      });
    }
    if (rest === 'documents/delete-batch' && method === 'POST') {
      if (!Array.isArray(body)) refuse('delete-batch takes an array of ids');
      const ids = (body as unknown[]).map(String);
      return enqueue('documentDeletion', uid, { providedIds: ids.length, deletedDocuments: null }, () => {
        const index = existing(uid);
        for (const id of ids) index.documents.delete(id);
      });
    }
    if (rest === 'search' && method === 'POST') return { status: 200, body: search(existing(uid), body as Record<string, unknown>) };
    throw new HttpError(404, error('not_found', 'Not found.'));
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://stand-in');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      const answerJson = (status: number, payload: unknown) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      try {
        body = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        violations.push(`a body that is not JSON on ${request.method} ${url.pathname}`);
        answerJson(400, error('malformed_payload', 'The JSON payload is malformed.'));
        return;
      }
      const method = request.method ?? 'GET';
      requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: request.headers, body });

      if (options.apiKey !== undefined) {
        const authorization = request.headers.authorization;
        if (!authorization) return answerJson(401, error('missing_authorization_header', 'The Authorization header is missing.', 'auth'));
        if (authorization !== `Bearer ${options.apiKey}`)
          return answerJson(403, error('invalid_api_key', 'The provided API key is invalid.', 'auth'));
      }
      if (body !== undefined && !request.headers['content-type']?.startsWith('application/json')) {
        violations.push(`Content-Type must be application/json, got ${request.headers['content-type']}`);
      }

      const key = `${method} ${url.pathname}`;
      const queued = answers.findIndex((entry) => !entry.route || entry.route.test(key));
      const answer = queued === -1 ? 'ok' : answers.splice(queued, 1)[0]!.answer;
      if (answer === 'outage') {
        request.socket.destroy();
        return;
      }
      if (answer === 'server-error') return answerJson(500, error('internal', 'An internal error has occurred.', 'internal'));
      if (answer === 'not-json') {
        response.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
        return;
      }
      const respond = () => {
        try {
          const result = route(method, url.pathname, Object.fromEntries(url.searchParams), body);
          answerJson(result.status, result.body);
        } catch (thrown) {
          if (thrown instanceof HttpError) answerJson(thrown.status, thrown.body);
          else answerJson(500, error('internal', String(thrown), 'internal'));
        }
      };
      if (answer === 'slow') later(respond, options.slowAnswerMs ?? 2_000);
      else respond();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    violations,
    tasks,
    calls: () => requests.filter((request) => !request.path.startsWith('/tasks/')).map((request) => `${request.method} ${request.path}`),
    answerNextWith: (answer, route) => answers.push({ answer, route }),
    failNextTask: (type, code = 'internal') => taskFailures.push({ type, code }),
    index: (uid) => indexes.get(uid),
    indexNames: () => [...indexes.keys()].sort(),
    reset() {
      requests.splice(0);
      violations.splice(0);
      answers.splice(0);
      taskFailures.splice(0);
      indexes.clear();
    },
    close: () =>
      new Promise((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((failure) => (failure ? reject(failure) : resolve()));
      }),
  };
}

/** A URL nothing listens on: Meilisearch is down. */
export async function closedLocalUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

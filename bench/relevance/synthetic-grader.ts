/**
 * node bench/relevance/synthetic-grader.ts [--depth 10] [--write] [--only id,id]
 *
 * The judging aid for the generated export, whose text is word salad: what a
 * person typing a query wants there is decided by the words alone, so each
 * pooled hit (the first `depth` of the embedded engine and of the BM25
 * baseline) gets the grade these written rules give, with the reason, printed
 * beside its text for a person to read and overrule:
 *
 * - a filter (in:, from:, dates) not honoured: 0, whatever the words;
 * - each term of the query as the person meant it (`means`, for misspellings)
 *   is "held" when the message has its words side by side in order (a word,
 *   « aujourd'hui », a quoted phrase), or for a prefix a word starting with it;
 *   a single word is "near" when the message has only another inflection of it
 *   (plural, feminine, conjugation: « réunions » for « réunion »), never a
 *   prefixed or suffixed derivation (« coréunion ») or a one-letter neighbour;
 *   a term is "near" when held only in a link's address or a channel's name
 *   (« #donnees-partage » for « données »), a quoted phrase when its words are all there but apart, and
 *   « l'équipe » when « équipe » is there without its article;
 * - every term held: 2; every term held or near: 1; a term missing: 0.
 *
 * --write adds the grades of hits not judged yet to synthetic-judgments.json
 * (a grade a person wrote is never replaced).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { foldWords } from '../../src/core/search/fold.ts';
import { parseSearchQuery } from '../../src/core/search/query-language.ts';
import { ENGLISH_NOUNS_AND_ADJECTIVES, ENGLISH_VERBS } from '../../src/core/synthetic-export/english-words.ts';
import { FRENCH_NOUNS_AND_ADJECTIVES, FRENCH_VERBS } from '../../src/core/synthetic-export/french-words.ts';
import { CORPORA } from './corpora.ts';
import { loadJudgments, type JudgedQuestion } from './judgments.ts';
import { openCorpus } from './session.ts';

const { values } = parseArgs({
  options: {
    depth: { type: 'string', default: '10' },
    write: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});

const TIME_ZONE = 'America/Toronto';

/** Folded inflection → folded base word, for the inflections vocabulary.ts derives (see its rules). */
const BASES = new Map<string, string>();
function inflections(base: string, forms: (string | undefined)[]): void {
  const [folded] = foldWords(base);
  if (folded === undefined || foldWords(base).length !== 1) return;
  BASES.set(folded, folded);
  for (const form of forms) {
    const [f] = form === undefined ? [] : foldWords(form);
    if (f !== undefined && !BASES.has(f)) BASES.set(f, folded);
  }
}
for (const word of FRENCH_NOUNS_AND_ADJECTIVES)
  inflections(word, [
    /[sxz]$/.test(word) ? undefined : word.endsWith('eau') ? `${word}x` : word.endsWith('al') ? `${word.slice(0, -2)}aux` : `${word}s`,
    /(nt|é)$/.test(word) ? `${word}e` : undefined,
  ]);
for (const word of FRENCH_VERBS)
  inflections(
    word,
    ['é', 'ons', 'ez', 'ait', 'ent', 'ée', 'és', 'aient', 'ant', 'era', 'erons', 'erait'].map((ending) =>
      word.endsWith('er') ? `${word.slice(0, -2)}${ending}` : undefined,
    ),
  );
for (const word of ENGLISH_NOUNS_AND_ADJECTIVES)
  inflections(word, [/(s|sh|ch|x)$/.test(word) ? `${word}es` : /[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : `${word}s`]);
for (const word of ENGLISH_VERBS)
  inflections(word, [
    /(s|sh|ch|x)$/.test(word) ? `${word}es` : `${word}s`,
    word.endsWith('e') ? `${word}d` : `${word}ed`,
    `${word.replace(/e$/, '')}ing`,
  ]);

/** French elided articles and pronouns: « l'équipe » asks for the team, and « équipe » alone is nearly that. */
const ELIDED = new Set(['l', 'd', 'j', 'qu', 'n', 's', 'c', 'm', 't', 'jusqu', 'lorsqu', 'puisqu']);

const LINKS_AND_CHANNELS = /https?:\/\/\S+|#[\p{L}\p{N}_-]+/gu;

interface Message {
  plain: string;
  channelName: string;
  authorHandle: string | null;
  ts: string;
}

const localDay = (ts: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Number(ts) * 1000),
  );

export function grade(q: JudgedQuestion, message: Message): { grade: 0 | 1 | 2; why: string } {
  const parsed = parseSearchQuery(q.means ?? q.question);
  const day = localDay(message.ts);
  for (const channel of parsed.inChannels)
    if (channel.toLowerCase() !== message.channelName.toLowerCase())
      return { grade: 0, why: `in #${message.channelName}, not in:${channel}` };
  for (const person of parsed.fromPeople)
    if (person.toLowerCase() !== message.authorHandle?.toLowerCase())
      return { grade: 0, why: `by ${message.authorHandle ?? 'a bot'}, not from:${person}` };
  const { after, before, on, during } = parsed.dates;
  if ((after && day <= after) || (before && day >= before) || (on && day !== on) || (during && !day.startsWith(during)))
    return { grade: 0, why: `written ${day}, outside the dates asked` };
  const words = foldWords(message.plain);
  // A link's address or a channel's name says where, not what: the word only there is nearly, not quite, what was asked.
  const prose = foldWords(message.plain.replace(LINKS_AND_CHANNELS, ' '));
  const held: string[] = [];
  const near: string[] = [];
  const missing: string[] = [];
  for (const term of parsed.terms) {
    const shown = term.words.join(' ') + (term.prefix ? '*' : '');
    const last = term.words.length - 1;
    const at = (text: readonly string[], i: number) =>
      term.words.every((word, j) => (term.prefix && j === last ? text[i + j]?.startsWith(word) : text[i + j] === word));
    if (prose.some((_, i) => at(prose, i))) held.push(shown);
    else if (words.some((_, i) => at(words, i))) near.push(`${shown} (only in a link or a channel's name)`);
    else if (term.words.length === 2 && ELIDED.has(term.words[0]!) && words.includes(term.words[1]!))
      near.push(`${shown} (as « ${term.words[1]} », without its article)`);
    else if (term.words.length > 1 && term.words.every((word) => words.includes(word))) near.push(`${shown} (apart)`);
    else if (term.words.length === 1 && !term.prefix && BASES.has(term.words[0]!)) {
      const form = words.find((word) => BASES.get(word) === BASES.get(term.words[0]!));
      if (form) near.push(`${shown} (as « ${form} »)`);
      else missing.push(shown);
    } else missing.push(shown);
  }
  const where = parsed.inChannels.length + parsed.fromPeople.length + Object.keys(parsed.dates).length > 0 ? ', filter honoured' : '';
  if (missing.length > 0)
    return { grade: 0, why: `lacks « ${missing.join(' », « ')} »${held.length > 0 ? ` (holds « ${held.join(' », « ')} »)` : ''}` };
  if (near.length > 0) return { grade: 1, why: `nearly: ${near.join(', ')}${where}` };
  return { grade: 2, why: `holds « ${held.join(' », « ')} »${where}` };
}

if (import.meta.main) {
  const corpus = CORPORA.synthetic;
  const set = loadJudgments(corpus.judgmentsFile);
  const session = await openCorpus(corpus);
  const depth = Number(values.depth);
  const only = values.only ? new Set(values.only.split(',')) : null;
  let added = 0;
  for (const q of set.questions) {
    if (only && !only.has(q.id)) continue;
    const pooled = [...new Set([...(await session.engine(q.question)).slice(0, depth), ...session.bm25(q.question, depth)])];
    const judged = new Set(q.judged.map((entry) => `${entry.channel}/${entry.ts}`));
    console.log(`\n## ${q.id} [${q.class}] ${q.question}${q.means ? ` (meant ${q.means})` : ''}`);
    for (const key of pooled) {
      const message = session.messageOf(key);
      if (!message) throw new Error(`${key} is not in the store`);
      const proposed = grade(q, message);
      const mark = judged.has(key) ? '=' : '+';
      console.log(
        `${mark} ${proposed.grade} ${key} #${message.channelName} ${localDay(message.ts)} @${message.authorHandle ?? '-'} | ${proposed.why} | ${message.plain.replace(/\s+/g, ' ').slice(0, 200)}`,
      );
      if (!judged.has(key) && values.write) {
        const at = key.lastIndexOf('/');
        q.judged.push({
          channel: key.slice(0, at),
          channelName: message.channelName,
          ts: key.slice(at + 1),
          grade: proposed.grade,
          why: proposed.why,
        });
        added++;
      }
    }
  }
  await session.close();
  if (values.write) {
    fs.writeFileSync(corpus.judgmentsFile, `${JSON.stringify(set, null, 2)}\n`);
    console.log(`\n${added} judgments added to ${corpus.judgmentsFile}`);
  }
}

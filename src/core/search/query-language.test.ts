import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParsedQuery, SearchTerm } from './query.ts';
import { FILTER_KEYS, formatQuery, parseSearchQuery, withFilter, withoutFilter } from './query-language.ts';

const word = (...words: string[]): SearchTerm => ({ words, exact: false, prefix: false });
const phrase = (...words: string[]): SearchTerm => ({ words, exact: true, prefix: false });
const prefix = (...words: string[]): SearchTerm => ({ words, exact: false, prefix: true });

function parsed(overrides: Partial<ParsedQuery>): ParsedQuery {
  return { terms: [], excluded: [], inChannels: [], fromPeople: [], dates: {}, has: [], isThread: false, ignored: [], ...overrides };
}

const terms = (input: string) => parseSearchQuery(input).terms;

describe('parseSearchQuery: words and phrases', () => {
  it('reads nothing from empty or blank text', () => {
    expect(parseSearchQuery('')).toEqual(parsed({}));
    expect(parseSearchQuery('  \n\t ')).toEqual(parsed({}));
  });

  it('makes each typed word a term that must match, folded', () => {
    expect(parseSearchQuery('Réunion  BUDGET')).toEqual(parsed({ terms: [word('reunion'), word('budget')] }));
  });

  it('keeps a typed word that folds into several words as one term of adjacent words', () => {
    expect(terms("l'Université l’Université")).toEqual([word('l', 'universite')]);
    expect(terms('data-sharing db.json')).toEqual([word('data', 'sharing'), word('db', 'json')]);
    expect(terms('https://example.org/page')).toEqual([word('https', 'example', 'org', 'page')]);
  });

  it('searches text that only looks like a filter as words', () => {
    expect(parseSearchQuery('note: something 10:30 http://x foo:bar')).toEqual(
      parsed({ terms: [word('note'), word('something'), word('10', '30'), word('http', 'x'), word('foo', 'bar')] }),
    );
  });

  it('reads straight, curly, French and full-width quotes as exact phrases', () => {
    expect(terms('"plan de route"')).toEqual([phrase('plan', 'de', 'route')]);
    expect(terms('“plan de route”')).toEqual([phrase('plan', 'de', 'route')]);
    expect(terms('« plan de route »')).toEqual([phrase('plan', 'de', 'route')]);
    expect(terms('„plan“')).toEqual([phrase('plan')]);
    expect(terms('＂plan＂')).toEqual([phrase('plan')]);
  });

  it('closes a phrase on any kind of quote, as autocorrect mixes them', () => {
    expect(terms('“plan de route"')).toEqual([phrase('plan', 'de', 'route')]);
  });

  it('ends a word where a phrase starts', () => {
    expect(terms('budget"plan de route"annuel')).toEqual([word('budget'), phrase('plan', 'de', 'route'), word('annuel')]);
  });

  it('drops empty phrases and text that folds to nothing', () => {
    expect(parseSearchQuery('"" 🎉 -- ( ) && *')).toEqual(parsed({ ignored: [{ text: '"" 🎉 -- ( ) && *', reason: 'nothing-to-search' }] }));
  });

  it('drops a repeated term', () => {
    expect(terms('budget Budget BUDGÉT')).toEqual([word('budget')]);
  });

  it('keeps and, or, not and near as ordinary words', () => {
    expect(terms('this AND that OR NOT NEAR(x y)')).toEqual([
      word('this'),
      word('and'),
      word('that'),
      word('or'),
      word('not'),
      word('near', 'x'),
      word('y'),
    ]);
  });

  it('reads FTS5 and Meilisearch syntax as plain text', () => {
    expect(terms('col:value ^start {a b} a+b "x" NEAR/3')).toEqual([
      word('col', 'value'),
      word('start'),
      word('a'),
      word('b'),
      word('a', 'b'),
      phrase('x'),
      word('near', '3'),
    ]);
  });
});

describe('parseSearchQuery: exclusions', () => {
  it('excludes a word or a phrase after a minus', () => {
    expect(parseSearchQuery('budget -brouillon -"version 2"')).toEqual(
      parsed({ terms: [word('budget')], excluded: [word('brouillon'), phrase('version', '2')] }),
    );
  });

  it('excludes a prefix', () => {
    expect(parseSearchQuery('budget -brouill*').excluded).toEqual([prefix('brouill')]);
  });

  it('does not read a lone, doubled or inner hyphen as an exclusion', () => {
    expect(parseSearchQuery('budget - 2024 --verbose data-sharing')).toEqual(
      parsed({ terms: [word('budget'), word('2024'), word('verbose'), word('data', 'sharing')] }),
    );
  });

  it('keeps exclusions alone but says there is nothing to search', () => {
    expect(parseSearchQuery('-brouillon -"version 2"')).toEqual(
      parsed({
        excluded: [word('brouillon'), phrase('version', '2')],
        ignored: [{ text: '-brouillon -"version 2"', reason: 'nothing-to-search' }],
      }),
    );
  });

  it('searches exclusions within a filter without a note', () => {
    expect(parseSearchQuery('-brouillon in:#general')).toEqual(parsed({ excluded: [word('brouillon')], inChannels: ['general'] }));
  });
});

describe('parseSearchQuery: prefixes', () => {
  it('marks a word ending in * as a prefix', () => {
    expect(terms('budg* data-shar**')).toEqual([prefix('budg'), prefix('data', 'shar')]);
  });

  it('marks a phrase followed by * as a prefix on its last word', () => {
    expect(terms('"plan de rou"*')).toEqual([{ words: ['plan', 'de', 'rou'], exact: true, prefix: true }]);
  });

  it('reads a * elsewhere as a separator', () => {
    expect(terms('*budget a*b')).toEqual([word('budget'), word('a', 'b')]);
  });

  it('drops a prefix of one letter and says so', () => {
    expect(parseSearchQuery('b* budget data-s*')).toEqual(
      parsed({ terms: [word('budget')], ignored: [{ text: 'b* data-s*', reason: 'short-prefix' }] }),
    );
  });

  it('counts letters, not UTF-16 units, in a prefix', () => {
    expect(terms('𝒜*')).toEqual([]);
    expect(terms('東京*')).toEqual([prefix('東京')]);
  });
});

describe('parseSearchQuery: filters', () => {
  it('reads channels with or without #, and from a pasted Slack mention', () => {
    expect(parseSearchQuery('in:#general in:projets IN:<#C0123|annonces> in:<#C0456>').inChannels).toEqual([
      'general',
      'projets',
      'C0123',
      'C0456',
    ]);
  });

  it('reads people with or without @, from a pasted mention, and me', () => {
    expect(parseSearchQuery('from:@marie from:paul From:<@U0123> from:<@U0456|jo> from:ME from:@me').fromPeople).toEqual([
      'marie',
      'paul',
      'U0123',
      'U0456',
      'me',
    ]);
  });

  it('accepts a quoted value, with or without its sigil', () => {
    expect(parseSearchQuery('in:"données santé" from:“Jean Dupont” in:"#équipe"')).toEqual(
      parsed({ inChannels: ['données santé', 'équipe'], fromPeople: ['Jean Dupont'] }),
    );
  });

  it('keeps each channel or person once', () => {
    expect(parseSearchQuery('in:#general in:general from:@a from:a').inChannels).toEqual(['general']);
    expect(parseSearchQuery('from:@a from:a').fromPeople).toEqual(['a']);
  });

  it('reads dates, the last of a kind winning', () => {
    expect(parseSearchQuery('after:2023-01-01 before:2024-02-29 on:2023-06-15 during:2022 after:2023-03-01').dates).toEqual({
      after: '2023-03-01',
      before: '2024-02-29',
      on: '2023-06-15',
      during: '2022',
    });
    expect(parseSearchQuery('during:2022-07').dates).toEqual({ during: '2022-07' });
    expect(parseSearchQuery('during:2022-07-14').dates).toEqual({ during: '2022-07-14' });
  });

  it('refuses dates that are not days of the calendar', () => {
    for (const filter of [
      'before:2024-02-30',
      'after:2023-02-29',
      'on:2023-13-01',
      'on:2023-00-10',
      'on:2023-01-00',
      'during:2024-02-30',
    ]) {
      expect(parseSearchQuery(filter)).toEqual(parsed({ ignored: [{ text: filter, reason: 'bad-date' }] }));
    }
  });

  it('refuses dates in other shapes, and relative dates', () => {
    for (const filter of [
      'before:2024',
      'on:2024-1-5',
      'on:2024/01/05',
      'after:yesterday',
      'during:january',
      'during:24',
      'on:２０２４-01-01',
    ]) {
      expect(parseSearchQuery(filter).ignored).toEqual([{ text: filter, reason: 'bad-date' }]);
    }
  });

  it('knows leap years', () => {
    expect(parseSearchQuery('on:2000-02-29').dates).toEqual({ on: '2000-02-29' });
    expect(parseSearchQuery('on:1900-02-29').ignored).toEqual([{ text: 'on:1900-02-29', reason: 'bad-date' }]);
  });

  it('reads has: in singular, plural and as Slack attachments, once each', () => {
    expect(parseSearchQuery('has:file has:links HAS:Reactions has:attachment has:files').has).toEqual(['file', 'link', 'reaction']);
  });

  it('reads is:thread', () => {
    expect(parseSearchQuery('is:Thread').isThread).toBe(true);
  });

  it('notes values it does not know for known keys', () => {
    expect(parseSearchQuery('has:pin is:saved has:constructor has:__proto__')).toEqual(
      parsed({ ignored: [{ text: 'has:pin is:saved has:constructor has:__proto__', reason: 'unknown-filter' }] }),
    );
  });

  it('notes a filter without a value, then reads on', () => {
    expect(parseSearchQuery('in: budget from:@ in:# has:')).toEqual(
      parsed({ terms: [word('budget')], ignored: [{ text: 'in: from:@ in:# has:', reason: 'empty-filter' }] }),
    );
  });

  it('notes an excluded filter, which no engine can run', () => {
    expect(parseSearchQuery('budget -in:#general')).toEqual(
      parsed({ terms: [word('budget')], ignored: [{ text: '-in:#general', reason: 'unknown-filter' }] }),
    );
  });

  it('refuses a name longer than any Slack name', () => {
    const long = 'a'.repeat(81);
    expect(parseSearchQuery(`in:#${long}`).inChannels).toEqual([]);
    expect(parseSearchQuery(`in:#${'a'.repeat(80)}`).inChannels).toEqual(['a'.repeat(80)]);
  });

  it('counts filters as something to search', () => {
    for (const filter of ['in:#general', 'from:me', 'after:2020-01-01', 'has:link', 'is:thread']) {
      expect(parseSearchQuery(`-brouillon ${filter}`).ignored).toEqual([]);
    }
  });
});

describe('parseSearchQuery: hostile input', () => {
  it('reads the rest of the text as words after an unbalanced quote', () => {
    expect(parseSearchQuery('budget "plan de route in:#general')).toEqual(
      parsed({
        terms: [word('budget'), word('plan'), word('de'), word('route')],
        inChannels: ['general'],
        ignored: [{ text: '"plan de route in:#general', reason: 'unbalanced-quote' }],
      }),
    );
    expect(parseSearchQuery('in:"général')).toEqual(
      parsed({
        terms: [word('general')],
        ignored: [
          { text: 'in:"général', reason: 'unbalanced-quote' },
          { text: 'in:', reason: 'empty-filter' },
        ],
      }),
    );
  });

  it('pairs quotes in order, leaving only the last unbalanced', () => {
    expect(parseSearchQuery('"a b" "c')).toEqual(
      parsed({ terms: [phrase('a', 'b'), word('c')], ignored: [{ text: '"c', reason: 'unbalanced-quote' }] }),
    );
  });

  it('reads control characters as spaces and drops invisible ones', () => {
    expect(terms('budget\u0000annuel\u001b[31m uni\u00ADversité \u202Eevil')).toEqual([
      word('budget'),
      word('annuel'),
      word('31', 'm'),
      word('universite'),
      word('evil'),
    ]);
  });

  it('keeps at most 10 words, counting exclusions, and says what it dropped', () => {
    const query = parseSearchQuery('one two three four -five six seven eight nine data-sharing eleven in:#general');
    expect(query.terms).toEqual(
      ['one', 'two', 'three', 'four', 'six', 'seven', 'eight', 'nine'].map((w) => word(w)).concat([word('data')]),
    );
    expect(query.excluded).toEqual([word('five')]);
    expect(query.inChannels).toEqual(['general']);
    expect(query.ignored).toEqual([{ text: 'data-sharing eleven', reason: 'too-many-terms' }]);
  });

  it('cuts a long term to the words left, without its prefix', () => {
    expect(parseSearchQuery('a-b-c-d-e-f-g-h-i-j-k-lm*').terms).toEqual([word('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j')]);
  });

  it('cuts text over 1,000 characters and shows only the start of the cut part', () => {
    const input = `budget ${'x'.repeat(993)}${'y'.repeat(9000)} in:#general`;
    const query = parseSearchQuery(input);
    expect(query.terms).toEqual([word('budget'), word('x'.repeat(993))]);
    expect(query.inChannels).toEqual([]);
    expect(query.ignored).toEqual([{ text: `${'y'.repeat(59)}…`, reason: 'too-long' }]);
  });

  it('never cuts a character in half', () => {
    const query = parseSearchQuery(`${'a'.repeat(999)}😀b`);
    expect(query.ignored[0]?.text).toBe('😀b');
  });

  it('keeps every ignored text short', () => {
    const query = parseSearchQuery(`"${'mot '.repeat(100)}`);
    for (const part of query.ignored) expect([...part.text].length).toBeLessThanOrEqual(60);
  });

  it('gives one note per reason', () => {
    const query = parseSearchQuery('in: '.repeat(200));
    expect(query.ignored).toHaveLength(1);
  });

  it('never throws, and makes only words of letters and digits, at most 10 in all', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), hostileText()), (input) => {
        const query = parseSearchQuery(input);
        const all = [...query.terms, ...query.excluded];
        const words = all.flatMap((term) => term.words);
        return (
          all.every((term) => term.words.length > 0) &&
          words.every((w) => /^[\p{L}\p{N}]+$/u.test(w)) &&
          words.length <= 10 &&
          query.ignored.every((part) => [...part.text].length <= 60)
        );
      }),
      { numRuns: 500 },
    );
  });

  it('survives 10,000 characters of anything', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 9000, maxLength: 11000 }), (input) => {
        expect(parseSearchQuery(input).terms.length).toBeLessThanOrEqual(10);
      }),
      { numRuns: 20 },
    );
  });
});

/** Text made of the language's own pieces, so properties hit filters, quotes and operators often. */
function hostileText(): fc.Arbitrary<string> {
  const piece = fc.oneof(
    fc.constantFrom(
      ...FILTER_KEYS.map((key) => `${key}:`),
      'IN:',
      '-',
      '--',
      '*',
      '"',
      '“',
      '”',
      '«',
      '»',
      ' ',
      '  ',
      '\t',
      '\u0000',
      '\u202E',
    ),
    fc.constantFrom('#', '@', '<#C1|x>', '<@U1>', 'me', 'thread', 'file', 'links', '2024-02-29', '2023-02-29', '2024', '2024-13'),
    fc.constantFrom('budget', 'Université', "l'été", 'db.json', 'a', 'NEAR(', 'AND', ')', '^', '{}', '🎉', '東京'),
    fc.string({ unit: 'grapheme', maxLength: 4 }),
  );
  return fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(''));
}

describe('formatQuery', () => {
  it('writes a query back as canonical text', () => {
    const query = parseSearchQuery(
      'is:thread Réunion "plan de route" -brouillon l’Université budg* has:links from:@Marie in:<#C1|x> in:"données santé" during:2022 before:2023-01-01 from:ME',
    );
    expect(formatQuery(query)).toBe(
      'reunion "plan de route" l-universite budg* -brouillon in:#C1 in:"#données santé" from:@Marie from:me before:2023-01-01 during:2022 has:link is:thread',
    );
  });

  it('is empty for an empty query', () => {
    expect(formatQuery(parseSearchQuery(''))).toBe('');
  });

  it('reads back as the same query, less what was ignored', () => {
    const roundTrip = (input: string) => {
      const query = parseSearchQuery(input);
      expect(parseSearchQuery(formatQuery(query))).toEqual({ ...query, ignored: [] });
    };
    roundTrip('in:##odd in:#<#C1> from:"@@x y" "a"* -"b c"* x-y* in:"  padded  " from:"me"');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), hostileText()), (input) => {
        const query = parseSearchQuery(input);
        // Exclusions alone read back as exclusions alone, with their note; text without a word reads back as nothing.
        const ignoredOnly = query.excluded.length > 0 ? query.ignored.filter((part) => part.reason === 'nothing-to-search') : [];
        expect(parseSearchQuery(formatQuery(query))).toEqual({ ...query, ignored: ignoredOnly });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('withFilter', () => {
  it('adds a filter, keeping the text as typed', () => {
    expect(withFilter('Réunion "plan de route"', 'in', 'general')).toBe('Réunion "plan de route" in:#general');
  });

  it('replaces every filter of that kind, valid or not', () => {
    expect(withFilter('in:#a budget IN:b in: before:2024-02-30', 'in', 'c')).toBe('budget before:2024-02-30 in:#c');
    expect(withFilter('before:2024-02-30 budget', 'before', '2024-03-01')).toBe('budget before:2024-03-01');
  });

  it('removes a kind when given null', () => {
    expect(withFilter('budget from:@a from:"Jean Dupont" annuel', 'from', null)).toBe('budget annuel');
    expect(withFilter('is:thread', 'is', null)).toBe('');
  });

  it('quotes a value with spaces and strips what could break out of it', () => {
    expect(withFilter('', 'from', ' Jean "x" \u0000Dupont ')).toBe('from:"@Jean x Dupont"');
    expect(parseSearchQuery(withFilter('', 'from', 'Jean "x" Dupont')).fromPeople).toEqual(['Jean x Dupont']);
  });

  it('leaves the text alone for an empty value', () => {
    expect(withFilter('budget in:#a', 'from', ' "" ')).toBe('budget in:#a');
  });

  it('writes me without a sigil and other kinds as they are', () => {
    expect(withFilter('', 'from', 'me')).toBe('from:me');
    expect(withFilter('', 'has', 'file')).toBe('has:file');
    expect(withFilter('', 'during', '2021')).toBe('during:2021');
    expect(withFilter('', 'is', 'thread')).toBe('is:thread');
  });

  it('does not touch filter-looking text inside phrases', () => {
    expect(withFilter('"in:#a" in:#b', 'in', null)).toBe('"in:#a"');
  });
});

describe('withoutFilter', () => {
  it('removes one value as the parsed query holds it', () => {
    expect(withoutFilter('budget in:#a in:<#C1|b> in:c', 'in', 'C1')).toBe('budget in:#a in:c');
    expect(withoutFilter('has:links has:file', 'has', 'link')).toBe('has:file');
    expect(withoutFilter('from:@Me from:x', 'from', 'me')).toBe('from:x');
  });

  it('leaves other kinds and other values alone', () => {
    expect(withoutFilter('in:#a from:a', 'from', 'b')).toBe('in:#a from:a');
  });
});

describe('parseSearchQuery: text without a word', () => {
  it('says there was nothing to search in punctuation and symbols alone', () => {
    expect(parseSearchQuery('!!! ??? ((').ignored).toEqual([{ text: '!!! ??? ((', reason: 'nothing-to-search' }]);
    expect(parseSearchQuery('🙂 — …').ignored).toEqual([{ text: '🙂 — …', reason: 'nothing-to-search' }]);
    expect(parseSearchQuery('   ').ignored).toEqual([]);
  });
});

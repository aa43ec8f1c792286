import { describe, expect, it } from 'vitest';
import { buildFilter, inList, quoteFilterValue } from './filter.ts';
import { evaluateFilter, parseFilter } from '../../../../tests/stand-ins/meilisearch.ts';

const base = {
  readableChannelIds: ['C1', 'C2'],
  channelIds: null,
  authorIds: null,
  fromMs: null,
  toMs: null,
  has: [],
  isThread: false,
} as const;

describe('Meilisearch filter values', () => {
  it('quotes values, escaping backslashes and double quotes', () => {
    expect(quoteFilterValue('C04A2GNRL7Q')).toBe('"C04A2GNRL7Q"');
    expect(quoteFilterValue('a"b')).toBe('"a\\"b"');
    expect(quoteFilterValue('a\\b')).toBe('"a\\\\b"');
    expect(quoteFilterValue('end\\')).toBe('"end\\\\"');
    expect(quoteFilterValue("it's")).toBe('"it\'s"');
  });

  it.each([
    'C1" OR channelId EXISTS OR "',
    'C1\\" OR channelId EXISTS OR \\"',
    'C1\\',
    '"] OR channelId EXISTS OR channelId IN ["',
    "C1' OR channelId EXISTS OR '",
  ])('keeps the hostile value %j one literal value that opens nothing', (hostile) => {
    const filter = inList('channelId', [hostile]);
    const tree = parseFilter(filter);
    expect(tree).toEqual({ kind: 'in', attribute: 'channelId', values: [hostile] });
    expect(evaluateFilter(tree, { channelId: 'C2' })).toBe(false);
    expect(evaluateFilter(tree, { channelId: hostile })).toBe(true);
  });

  it('always starts with the access filter', () => {
    expect(buildFilter(base)).toBe('(channelId IN ["C1", "C2"])');
  });

  it('AND-s every filter kind with the access filter', () => {
    const filter = buildFilter({
      ...base,
      channelIds: ['C2'],
      authorIds: ['U1', 'U"2'],
      fromMs: 1_600_000_000_000,
      toMs: 1_700_000_000_000,
      has: ['file', 'link', 'reaction', 'link'],
      isThread: true,
    });
    expect(filter).toBe(
      '(channelId IN ["C1", "C2"]) AND (channelId IN ["C2"]) AND (authorId IN ["U1", "U\\"2"]) AND (tsMs >= 1600000000000) AND (tsMs < 1700000000000)' +
        ' AND (hasFile = true) AND (hasLink = true) AND (hasReaction = true) AND (isThread = true)',
    );
    const tree = parseFilter(filter);
    const doc = {
      channelId: 'C2',
      authorId: 'U"2',
      tsMs: 1_650_000_000_000,
      hasFile: true,
      hasLink: true,
      hasReaction: true,
      isThread: true,
    };
    expect(evaluateFilter(tree, doc)).toBe(true);
    expect(evaluateFilter(tree, { ...doc, tsMs: 1_700_000_000_000 })).toBe(false);
    expect(evaluateFilter(tree, { ...doc, channelId: 'C1' })).toBe(false);
  });

  it('refuses a search with nothing readable and a time bound that is not whole milliseconds', () => {
    expect(() => buildFilter({ ...base, readableChannelIds: [] })).toThrow(RangeError);
    expect(() => buildFilter({ ...base, fromMs: Number.NaN })).toThrow(TypeError);
    expect(() => buildFilter({ ...base, toMs: 1.5 })).toThrow(TypeError);
  });

  it('keeps an empty in: list, which matches nothing', () => {
    const filter = buildFilter({ ...base, channelIds: [] });
    expect(filter).toBe('(channelId IN ["C1", "C2"]) AND (channelId IN [])');
    expect(evaluateFilter(parseFilter(filter), { channelId: 'C1' })).toBe(false);
  });
});

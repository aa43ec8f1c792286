import { describe, expect, it } from 'vitest';
import { listPage, MAX_PAGE, parsePageParam } from './paging.ts';

describe('page numbers', () => {
  it('reads whole numbers and turns anything else into the first page', () => {
    expect(parsePageParam('3')).toBe(3);
    expect(parsePageParam(' 007 ')).toBe(7);
    for (const bad of [null, undefined, '', '0', '-2', '1.5', '1e3', 'abc', '0x10', 'Infinity', 'NaN']) expect(parsePageParam(bad), String(bad)).toBe(1);
  });

  it('caps a huge number instead of overflowing', () => {
    expect(parsePageParam('99999999999999999999999')).toBe(MAX_PAGE);
    expect(parsePageParam(String(MAX_PAGE + 1))).toBe(MAX_PAGE);
    expect(Number.isSafeInteger(MAX_PAGE * 1000)).toBe(true);
  });

  it('lists the last page when asked for a page past the end', async () => {
    const rows = Array.from({ length: 120 }, (_, index) => index);
    const asked: number[] = [];
    const list = async (page: number) => {
      asked.push(page);
      return { items: rows.slice((page - 1) * 50, page * 50), total: rows.length };
    };
    expect(await listPage(parsePageParam('99999999999999999999999'), 50, list)).toMatchObject({ page: 3, pages: 3, items: rows.slice(100) });
    expect(asked).toEqual([MAX_PAGE, 3]);
    expect(await listPage(2, 50, list)).toMatchObject({ page: 2, pages: 3, items: rows.slice(50, 100) });
  });

  it('gives an empty list its one page', async () => {
    expect(await listPage(5, 50, async () => ({ items: [], total: 0 }))).toEqual({ items: [], total: 0, page: 1, pages: 1 });
  });
});

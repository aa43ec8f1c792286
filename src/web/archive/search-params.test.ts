import { describe, expect, it } from 'vitest';
import { readSearchParams, searchHref } from './search-params.ts';

describe('search parameters', () => {
  it('asks for every word only with all=1, and keeps asking across pages', () => {
    expect(readSearchParams(new URLSearchParams('q=gdb+debug')).allWords).toBe(false);
    expect(readSearchParams(new URLSearchParams('q=gdb+debug&all=yes')).allWords).toBe(false);
    const strict = readSearchParams(new URLSearchParams('q=gdb+debug&all=1'));
    expect(strict.allWords).toBe(true);
    expect(searchHref('/fr/archive/search', { ...strict, page: 2 })).toBe('/fr/archive/search?q=gdb+debug&page=2&all=1');
    expect(searchHref('/fr/archive/search', { q: 'gdb', allWords: false })).toBe('/fr/archive/search?q=gdb');
  });
});

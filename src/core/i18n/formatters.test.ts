import { describe, expect, it } from 'vitest';
import { dateTimeFormat, numberFormat, relativeTimeFormat } from './index.ts';

describe('Intl formatters', () => {
  it('are built once per language and options, then reused', () => {
    expect(numberFormat('fr')).toBe(numberFormat('fr'));
    expect(numberFormat('fr', { style: 'unit', unit: 'kilobyte' })).toBe(numberFormat('fr', { style: 'unit', unit: 'kilobyte' }));
    expect(numberFormat('fr')).not.toBe(numberFormat('en'));
    expect(numberFormat('fr')).not.toBe(numberFormat('fr', { style: 'unit', unit: 'kilobyte' }));
    expect(relativeTimeFormat('en', { numeric: 'auto' })).toBe(relativeTimeFormat('en', { numeric: 'auto' }));
    expect(dateTimeFormat('fr-CA', { dateStyle: 'long', timeZone: 'UTC' })).toBe(dateTimeFormat('fr-CA', { dateStyle: 'long', timeZone: 'UTC' }));
    expect(dateTimeFormat('fr-CA', { dateStyle: 'long', timeZone: 'UTC' })).not.toBe(dateTimeFormat('fr-CA', { dateStyle: 'long', timeZone: 'America/Toronto' }));
  });

  it('write numbers in the reader’s language', () => {
    expect(numberFormat('fr').format(12345)).toBe('12\u00a0345');
    expect(numberFormat('en').format(12345)).toBe('12,345');
    expect(numberFormat('fr', { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 }).format(1.5)).toBe('1,5\u00a0ko');
  });
});

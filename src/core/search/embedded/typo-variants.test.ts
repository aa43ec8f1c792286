import { describe, expect, it } from 'vitest';
import { typoVariants } from './typo-variants.ts';

describe('typoVariants', () => {
  it('offers every spelling one edit away that keeps the first letter', () => {
    const variants = typoVariants('donnees');
    for (const spelling of ['donnes', 'donees', 'dnonees', 'donnnees', 'donnaes', 'donneest']) expect(variants, spelling).toContain(spelling);
    expect(variants).not.toContain('donnees');
  });

  it('never changes, drops, moves or adds before the first letter', () => {
    const variants = typoVariants('would');
    for (const spelling of ['could', 'ould', 'owuld', 'xwould']) expect(variants, spelling).not.toContain(spelling);
    expect(variants.every((variant) => variant.startsWith('w'))).toBe(true);
  });

  it('leaves numbers alone, and never offers a digit in a word', () => {
    expect(typoVariants('17653672481')).toEqual([]);
    expect(typoVariants('donnees').some((variant) => /\d/.test(variant))).toBe(false);
  });

  it('leaves words under five letters and over thirty-two alone', () => {
    expect(typoVariants('nuit')).toEqual([]);
    expect(typoVariants('a'.repeat(33))).toEqual([]);
    expect(typoVariants('a'.repeat(32)).length).toBeGreaterThan(0);
  });
});

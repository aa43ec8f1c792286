import { describe, expect, it, vi } from 'vitest';
import { emojiFromShortcode } from './render.ts';

describe('emojiFromShortcode', () => {
  it('maps every short name of an emoji', () => {
    expect(emojiFromShortcode('+1')).toBe('👍');
    expect(emojiFromShortcode('thumbsup')).toBe('👍');
  });

  it('keeps variation selectors from the unified code points', () => {
    expect(emojiFromShortcode('heart')).toBe('\u2764\uFE0F');
  });

  it('applies reaction skin tones 2 to 6', () => {
    expect(emojiFromShortcode('wave::skin-tone-2')).toBe('👋🏻');
    expect(emojiFromShortcode('wave::skin-tone-6')).toBe('👋🏿');
  });

  it('applies one tone to both people of two-person emoji', () => {
    expect(emojiFromShortcode('people_holding_hands::skin-tone-3')).toBe('🧑🏼‍🤝‍🧑🏼');
  });

  it('falls back to the plain emoji for a tone it does not take', () => {
    expect(emojiFromShortcode('smile::skin-tone-4')).toBe('😄');
  });

  it('knows the tone modifiers themselves', () => {
    expect(emojiFromShortcode('skin-tone-4')).toBe('🏽');
  });

  it('builds the tone table on first use with every tone, one tone applying to both people of a pair', async () => {
    // The table is built once per module instance, inside whichever test asks first; a fresh instance
    // builds it here, so this test is the one that covers (and, under mutation testing, judges) the build.
    vi.resetModules();
    const fresh = await import('./emoji.ts');
    expect([2, 3, 4, 5, 6].map((tone) => fresh.emojiFromShortcode(`wave::skin-tone-${tone}`))).toEqual(['👋🏻', '👋🏼', '👋🏽', '👋🏾', '👋🏿']);
    expect(fresh.emojiFromShortcode('people_holding_hands::skin-tone-3')).toBe('🧑🏼‍🤝‍🧑🏼');
  });

  it('reads a tone only from a ::skin-tone- suffix, not from a name one letter longer than a known one', () => {
    expect(emojiFromShortcode('smilex')).toBeUndefined();
  });

  it('is undefined for custom emoji', () => {
    expect(emojiFromShortcode('logo_labo')).toBeUndefined();
    expect(emojiFromShortcode('logo_labo::skin-tone-2')).toBeUndefined();
    expect(emojiFromShortcode('')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
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

  it('is undefined for custom emoji', () => {
    expect(emojiFromShortcode('logo_labo')).toBeUndefined();
    expect(emojiFromShortcode('logo_labo::skin-tone-2')).toBeUndefined();
    expect(emojiFromShortcode('')).toBeUndefined();
  });
});

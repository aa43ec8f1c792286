import { describe, expect, it } from 'vitest';
import fr from './fr.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import { translator } from './index.ts';

describe('UI dictionaries', () => {
  it('have the same keys in French and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
  });

  it('fill placeholders and leave unknown ones visible', () => {
    const t = translator('fr');
    expect(t('page.updated', { date: '20 novembre 2026' })).toBe('Mis à jour le 20 novembre 2026');
    expect(t('page.updated')).toBe('Mis à jour le {date}');
  });
});

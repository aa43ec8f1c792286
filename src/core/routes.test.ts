import { describe, expect, it } from 'vitest';
import { samePageIn } from './routes.ts';

describe('the same page in the other language', () => {
  it('maps pages with French names through the table, longest name first', () => {
    expect(samePageIn('/fr/connexion/code', 'en')).toBe('/en/sign-in/code');
    expect(samePageIn('/fr/connexion?next=%2Ffr%2Farchive', 'en')).toBe('/en/sign-in?next=%2Ffr%2Farchive');
    expect(samePageIn('/en/admin/mail', 'fr')).toBe('/fr/admin/courriel');
  });

  it('keeps the rest of an address whose name is the same in both languages', () => {
    expect(samePageIn('/fr/admin/members/abc-123', 'en')).toBe('/en/admin/members/abc-123');
    expect(samePageIn('/en/admin/outbox/m1?x=1', 'fr')).toBe('/fr/admin/outbox/m1?x=1');
    expect(samePageIn('/en/nowhere/at-all', 'fr')).toBe('/fr/nowhere/at-all');
  });

  it('falls back on the home page for an address without a language', () => {
    expect(samePageIn('/404', 'en')).toBe('/en/');
    expect(samePageIn('/', 'fr')).toBe('/fr/');
  });
});

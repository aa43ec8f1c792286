import { describe, expect, it } from 'vitest';
import { messageLanguage } from './message-language.ts';

describe('the language of a message, marked only when reliable', () => {
  it('tells French from English on sentences of ordinary length', () => {
    expect(messageLanguage('Bonjour à toutes et à tous, la réunion du comité est reportée à jeudi prochain, même heure et même salle.')).toBe('fr');
    expect(messageLanguage('Hi everyone, the committee meeting moves to next Thursday, same time and same room as usual.')).toBe('en');
  });

  it('leaves short messages unmarked: a few words say too little', () => {
    expect(messageLanguage('Merci !')).toBeNull();
    expect(messageLanguage('ok, sounds good')).toBeNull();
    expect(messageLanguage('')).toBeNull();
  });

  it('does not count links, code and mentions as words', () => {
    expect(messageLanguage('voir https://example.org/un/tres/long/chemin/avec/des/mots/anglais/the/and/with `const the = and`')).toBeNull();
  });

  it('leaves a message unmarked when two languages score too close', () => {
    expect(messageLanguage('De, de calculer ? Pas resécurité de de qui les de, the and with for the.')).toBeNull();
  });
});

import fr from './fr.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

/** French first: the community works in French, English is the translation. */
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';

export type MessageKey = keyof typeof fr;
const dictionaries: Record<Locale, Record<MessageKey, string>> = { fr, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Returns the translator for one locale; `{name}` placeholders are filled from params. */
export function translator(locale: Locale): Translate {
  const dictionary = dictionaries[locale];
  return (key, params) => {
    const template = dictionary[key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

/** Formats a date for a reader: their language, the community's time zone unless told otherwise. */
export function formatDate(
  date: Date,
  locale: Locale,
  timeZone: string,
  style: Intl.DateTimeFormatOptions = { dateStyle: 'long' },
): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { ...style, timeZone }).format(date);
}

/** "one" or "other" by the language's rules (French counts 0 and 1 as one). */
export function pluralCategory(locale: Locale, count: number): 'one' | 'other' {
  return new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other';
}

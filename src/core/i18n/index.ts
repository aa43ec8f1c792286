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

/** The language Intl formats in for a locale: Canadian French and English (dates « 2024-03-05 », « 1 234 »). */
export function intlLanguage(locale: Locale): string {
  return locale === 'fr' ? 'fr-CA' : 'en-CA';
}

/**
 * Building an Intl formatter costs about a thousand times formatting with it
 * (measured: a third of a channel page's time went to building them, one per
 * date shown), so each one is built once per language, options and zone. The
 * keys are few: two languages, the zones members chose, a handful of styles.
 */
function builtOnce<F, O>(build: (language: string, options: O) => F): (language: string, options: O) => F {
  const built = new Map<string, F>();
  return (language, options) => {
    const key = `${language}|${JSON.stringify(options)}`;
    let format = built.get(key);
    if (!format) {
      format = build(language, options);
      built.set(key, format);
    }
    return format;
  };
}

/** The date formatter for a language ('fr-CA', 'en-CA'…) and options, built at its first use. */
export const dateTimeFormat = builtOnce((language: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(language, options));

const relativeTimeFormats = builtOnce((language: string, options: Intl.RelativeTimeFormatOptions) => new Intl.RelativeTimeFormat(language, options));

/** The « il y a 5 minutes » formatter for a reader's language, built at its first use. */
export function relativeTimeFormat(locale: Locale, options: Intl.RelativeTimeFormatOptions = {}): Intl.RelativeTimeFormat {
  return relativeTimeFormats(intlLanguage(locale), options);
}

const numberFormats = builtOnce((language: string, options: Intl.NumberFormatOptions) => new Intl.NumberFormat(language, options));

/** The number formatter for a reader's language (a page's counts: « 1 234 », « 1,234 »; sizes with a unit), built at its first use. */
export function numberFormat(locale: Locale, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return numberFormats(intlLanguage(locale), options);
}

/** Formats a date for a reader: their language, the community's time zone unless told otherwise. */
export function formatDate(
  date: Date,
  locale: Locale,
  timeZone: string,
  style: Intl.DateTimeFormatOptions = { dateStyle: 'long' },
): string {
  return dateTimeFormat(intlLanguage(locale), { ...style, timeZone }).format(date);
}

const pluralRules = { fr: new Intl.PluralRules('fr'), en: new Intl.PluralRules('en') } satisfies Record<Locale, Intl.PluralRules>;

/** "one" or "other" by the language's rules (French counts 0 and 1 as one). */
export function pluralCategory(locale: Locale, count: number): 'one' | 'other' {
  return pluralRules[locale].select(count) === 'one' ? 'one' : 'other';
}

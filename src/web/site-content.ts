import { getCollection, type CollectionEntry } from 'astro:content';
import type { Config } from '../core/config.ts';
import { LOCALES, type Locale } from '../core/i18n/index.ts';
import { escapeHtml } from '../core/text/escape-html.ts';
import { processorsHtml, retentionTableHtml } from './privacy/privacy-sections.ts';

export interface SitePage {
  /** File name shared by a page and its translation (e.g. "about"). */
  key: string;
  locale: Locale;
  href: string;
  title: string;
  description: string;
  nav: number;
  navLabel: string;
  updated: Date;
  version: string | undefined;
  html: string;
}

export interface NewsItem {
  key: string;
  title: string;
  date: Date;
  summary: string;
  event: { start: Date; location: string } | undefined;
  html: string;
}

function splitId(id: string): { locale: Locale; key: string } {
  const [locale, key] = id.split('/');
  return { locale: locale as Locale, key: key ?? '' };
}

export function sitePageHref(locale: Locale, slug: string): string {
  return slug === '' ? `/${locale}/` : `/${locale}/${slug}`;
}

/**
 * Blocks an editor places alone on a line: {{retentionPolicy}} (the table of
 * what is kept how long) and {{processors}} (who handles what, and where). They
 * are generated from the modules Passerelle itself obeys, so the policy cannot
 * drift from what the code does.
 */
function fillBlocks(html: string, config: Config, locale: Locale): string {
  const blocks: Record<string, () => string> = {
    retentionPolicy: () => retentionTableHtml(locale, config),
    processors: () => processorsHtml(locale, config),
  };
  return html.replace(/<p>\{\{(\w+)\}\}<\/p>/g, (whole, name: string) => blocks[name]?.() ?? whole);
}

/**
 * Editors may write {{communityName}}, {{contactEmail}}, {{privacyOfficerName}}
 * and {{privacyOfficerEmail}}; they are filled from the configuration.
 * Markdown link targets arrive percent-encoded, so both spellings are replaced.
 */
export function fillPlaceholders(html: string, config: Config, locale?: Locale): string {
  const values: Record<string, string> = {
    communityName: config.communityName,
    contactEmail: config.contactEmail,
    privacyOfficerName: config.privacyOfficer.name,
    privacyOfficerEmail: config.privacyOfficer.email,
  };
  const withBlocks = locale ? fillBlocks(html, config, locale) : html;
  return withBlocks.replace(/\{\{(\w+)\}\}|%7B%7B(\w+)%7D%7D/g, (whole, plain?: string, encoded?: string) => {
    const value = values[(plain ?? encoded)!];
    return value === undefined ? whole : escapeHtml(value);
  });
}

function toSitePage(entry: CollectionEntry<'pages'>, config: Config): SitePage {
  const { locale, key } = splitId(entry.id);
  return {
    key,
    locale,
    href: sitePageHref(locale, entry.data.slug),
    title: entry.data.title,
    description: entry.data.description,
    nav: entry.data.nav,
    navLabel: entry.data.navLabel,
    updated: entry.data.updated,
    version: entry.data.version,
    html: fillPlaceholders(entry.rendered?.html ?? '', config, locale),
  };
}

/**
 * The pages are built into the app and the configuration is read once at start:
 * filled once per language and configuration, not at every request (the header
 * lists them on every page, and filling the privacy tables took 5% of a page's time).
 */
const filledPages = new WeakMap<Config, Map<Locale, Promise<SitePage[]>>>();

/** Every page of one locale, in navigation order. */
export async function listSitePages(locale: Locale, config: Config): Promise<SitePage[]> {
  let byLocale = filledPages.get(config);
  if (!byLocale) filledPages.set(config, (byLocale = new Map()));
  let pages = byLocale.get(locale);
  if (!pages) {
    pages = getCollection('pages', (entry) => splitId(entry.id).locale === locale).then((entries) =>
      entries.map((entry) => toSitePage(entry, config)).sort((a, b) => a.nav - b.nav),
    );
    byLocale.set(locale, pages);
    // A failed read is not kept: the next request reads again.
    pages.catch(() => byLocale.delete(locale));
  }
  return [...(await pages)];
}

export async function findSitePage(locale: Locale, slug: string, config: Config): Promise<SitePage | undefined> {
  const pages = await listSitePages(locale, config);
  return pages.find((page) => page.href === sitePageHref(locale, slug));
}

/** Where the same page lives in each language, for the switcher and hreflang links. */
export async function sitePageAlternates(key: string, config: Config): Promise<Partial<Record<Locale, string>>> {
  const alternates: Partial<Record<Locale, string>> = {};
  for (const locale of LOCALES) {
    const page = (await listSitePages(locale, config)).find((candidate) => candidate.key === key);
    if (page) alternates[locale] = page.href;
  }
  return alternates;
}

/** News of one locale, newest first. */
export async function listNews(locale: Locale, config: Config): Promise<NewsItem[]> {
  const entries = await getCollection('news', (entry) => splitId(entry.id).locale === locale);
  return entries
    .map((entry) => ({
      key: splitId(entry.id).key,
      title: entry.data.title,
      date: entry.data.date,
      summary: entry.data.summary,
      event: entry.data.event,
      html: fillPlaceholders(entry.rendered?.html ?? '', config),
    }))
    .sort((a, b) => b.date.getTime() - a.date.getTime());
}

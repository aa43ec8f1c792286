import type { Locale } from './i18n/index.ts';

/**
 * Addresses of the application's pages in each language. Pages that visitors
 * bookmark or type get French words in French; the archive and the admin area
 * keep one name in both languages.
 */
const LOCALIZED = {
  signIn: { fr: '/fr/connexion', en: '/en/sign-in' },
  signInCode: { fr: '/fr/connexion/code', en: '/en/sign-in/code' },
  signInLink: { fr: '/fr/connexion/lien', en: '/en/sign-in/link' },
  signOut: { fr: '/fr/deconnexion', en: '/en/sign-out' },
  account: { fr: '/fr/compte', en: '/en/account' },
  emailChange: { fr: '/fr/compte/courriel', en: '/en/account/email' },
  renewal: { fr: '/fr/renouvellement', en: '/en/renewal' },
  admin: { fr: '/fr/admin', en: '/en/admin' },
  adminOutbox: { fr: '/fr/admin/outbox', en: '/en/admin/outbox' },
  adminAudit: { fr: '/fr/admin/audit', en: '/en/admin/audit' },
  adminChannels: { fr: '/fr/admin/channels', en: '/en/admin/channels' },
  adminMail: { fr: '/fr/admin/courriel', en: '/en/admin/mail' },
  adminStuck: { fr: '/fr/admin/bloques', en: '/en/admin/stuck' },
  adminCampaigns: { fr: '/fr/admin/campagnes', en: '/en/admin/campaigns' },
  adminConsents: { fr: '/fr/admin/consents.csv', en: '/en/admin/consents.csv' },
  adminIncidents: { fr: '/fr/admin/incidents', en: '/en/admin/incidents' },
  adminIncidentNew: { fr: '/fr/admin/incidents/new', en: '/en/admin/incidents/new' },
  adminIncidentsCsv: { fr: '/fr/admin/incidents.csv', en: '/en/admin/incidents.csv' },
  adminPrivacy: { fr: '/fr/admin/privacy', en: '/en/admin/privacy' },
  archive: { fr: '/fr/archive', en: '/en/archive' },
  archiveSearch: { fr: '/fr/archive/search', en: '/en/archive/search' },
} as const satisfies Record<string, Record<Locale, string>>;

export type RouteName = keyof typeof LOCALIZED;

export function route(name: RouteName, locale: Locale): string {
  return LOCALIZED[name][locale];
}

export function routeAlternates(name: RouteName): Record<Locale, string> {
  return LOCALIZED[name];
}

/** Where a channel page opens: its latest page, its first, a page before or after a message, or the page holding one. */
export type ChannelPosition = { before: string } | { after: string } | { at: string } | { from: 'oldest' };

function positionQuery(position?: ChannelPosition): string {
  if (!position) return '';
  const [[key, ts]] = Object.entries(position) as [[string, string]];
  // `at` also scrolls to the message: without script, only the fragment does.
  return `?${key}=${encodeURIComponent(ts)}${key === 'at' ? `#m-${ts}` : ''}`;
}

/** The archive's pages in one language: the reader's own. */
export function archiveRoutes(locale: Locale) {
  const directory = `/${locale}/archive`;
  return {
    directory,
    channel: (channelId: string, position?: ChannelPosition) => `${directory}/${encodeURIComponent(channelId)}${positionQuery(position)}`,
    /** A thread; `at` one of its messages, scrolled into view. */
    thread: (channelId: string, threadTs: string, at?: string) =>
      `${directory}/${encodeURIComponent(channelId)}/thread/${encodeURIComponent(threadTs)}${at ? `?at=${encodeURIComponent(at)}#m-${at}` : ''}`,
    person: (personId: string, before?: string) => `${directory}/people/${encodeURIComponent(personId)}${before ? `?before=${encodeURIComponent(before)}` : ''}`,
  };
}

/**
 * Links without a language, stored in messages rendered at import and shared
 * between members: each opens in the reader's language (src/web/links/).
 * They never change: the archive's stored HTML holds them.
 */
export const neutralLinks = {
  channel: (channelId: string) => `/archive/${encodeURIComponent(channelId)}`,
  person: (personId: string) => `/archive/people/${encodeURIComponent(personId)}`,
  message: (channelId: string, ts: string) => `/archive/${encodeURIComponent(channelId)}/${encodeURIComponent(ts)}`,
};

export function adminMemberPath(locale: Locale, memberId: string): string {
  return `/${locale}/admin/members/${encodeURIComponent(memberId)}`;
}

/** A member's mail timeline and the rescue path. */
export function adminMemberMailPath(locale: Locale, memberId: string): string {
  return `${adminMemberPath(locale, memberId)}/mail`;
}

/** One campaign's page, under the campaigns' address in each language. */
export function adminCampaignPath(locale: Locale, campaignId: string): string {
  return `${LOCALIZED.adminCampaigns[locale]}/${encodeURIComponent(campaignId)}`;
}

export function adminCampaignAlternates(campaignId: string): Record<Locale, string> {
  return { fr: adminCampaignPath('fr', campaignId), en: adminCampaignPath('en', campaignId) };
}

export function adminIncidentPath(locale: Locale, incidentId: number): string {
  return `/${locale}/admin/incidents/${incidentId}`;
}

export function adminMailPath(locale: Locale, mailId: string): string {
  return `/${locale}/admin/outbox/${encodeURIComponent(mailId)}`;
}

/** Old Slack links, https://<workspace>.slack.com/archives/C…/p…, keep working with this host instead. */
export const SLACK_LINK_PREFIX = '/archives';

const PRIVATE_PREFIXES: string[] = [...Object.values(LOCALIZED).flatMap((paths): string[] => Object.values(paths)), '/archive', SLACK_LINK_PREFIX, '/api'];

/** Application pages (as opposed to the public site): never stored by caches, never indexed. */
export function isPrivatePath(pathname: string): boolean {
  return PRIVATE_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/**
 * The page at `path` (with its query) in another language. Pages with French
 * words in French (LOCALIZED) map through the table, longest name first
 * (/fr/connexion/code before /fr/connexion); every other page keeps its name in
 * both languages and only changes its language prefix. Public Markdown pages
 * have their own names in each language: they pass their alternates themselves.
 */
export function samePageIn(path: string, target: Locale): string {
  const queryAt = path.search(/[?#]/);
  const pathname = (queryAt === -1 ? path : path.slice(0, queryAt)).replace(/(.)\/$/, '$1');
  const rest = queryAt === -1 ? '' : path.slice(queryAt);
  const pairs = (Object.values(LOCALIZED) as Record<Locale, string>[])
    .flatMap((paths) => (Object.values(paths) as string[]).map((from) => ({ from, to: paths[target] })))
    .sort((a, b) => b.from.length - a.from.length);
  const known = pairs.find(({ from }) => pathname === from || pathname.startsWith(`${from}/`));
  if (known) return `${known.to}${pathname.slice(known.from.length)}${rest}`;
  const prefixed = /^\/(?:fr|en)(\/.*)?$/.exec(pathname);
  return prefixed ? `/${target}${prefixed[1] ?? '/'}${rest}` : `/${target}/`;
}

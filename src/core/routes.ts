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
  admin: { fr: '/fr/admin', en: '/en/admin' },
  adminOutbox: { fr: '/fr/admin/outbox', en: '/en/admin/outbox' },
  adminAudit: { fr: '/fr/admin/audit', en: '/en/admin/audit' },
  adminChannels: { fr: '/fr/admin/channels', en: '/en/admin/channels' },
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

export function adminMemberPath(locale: Locale, memberId: string): string {
  return `/${locale}/admin/members/${encodeURIComponent(memberId)}`;
}

export function adminMailPath(locale: Locale, mailId: string): string {
  return `/${locale}/admin/outbox/${encodeURIComponent(mailId)}`;
}

const PRIVATE_PREFIXES: string[] = [...Object.values(LOCALIZED).flatMap((paths): string[] => Object.values(paths)), '/archive', '/archives', '/api'];

/** Application pages (as opposed to the public site): never stored by caches, never indexed. */
export function isPrivatePath(pathname: string): boolean {
  return PRIVATE_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

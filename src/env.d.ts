/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    runtime: import('./web/runtime.ts').Runtime;
    locale: import('./core/i18n/index.ts').Locale;
    t: import('./core/i18n/index.ts').Translate;
    /** The zone dates are shown in: the signed-in member's choice, or the community's TIME_ZONE. */
    timeZone: string;
    /** The signed-in member and their session, or null for a visitor. */
    viewer: import('./core/accounts/sessions.ts').ValidSession | null;
    /** The viewer's archive access, read once by the middleware for archive pages and the search API; null elsewhere. */
    archiveAccess: import('./core/archive/access.ts').ReaderAccess | null;
  }
}

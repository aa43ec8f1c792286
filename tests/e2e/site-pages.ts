/** The public pages as editors ship them: the e2e suite visits every one. */
export const SITE_PAGES = [
  { key: 'home', fr: '/fr/', en: '/en/' },
  { key: 'about', fr: '/fr/a-propos', en: '/en/about' },
  { key: 'join', fr: '/fr/adherer', en: '/en/join' },
  { key: 'news', fr: '/fr/actualites', en: '/en/news' },
  { key: 'contact', fr: '/fr/contact', en: '/en/contact' },
  { key: 'privacy', fr: '/fr/confidentialite', en: '/en/privacy' },
] as const;

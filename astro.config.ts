import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import { CSP_DIRECTIVES } from './src/server/security-headers.ts';
import { DEFAULT_LOCALE, LOCALES } from './src/core/i18n/index.ts';
import { linkRoutes } from './src/web/links/routes.ts';

// Every page renders on demand: configuration is read at run time,
// so one build serves any community. Prism, not Shiki: it highlights with classes, which the CSP allows.
export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  integrations: [linkRoutes()],
  i18n: {
    locales: [...LOCALES],
    defaultLocale: DEFAULT_LOCALE,
    routing: 'manual',
  },
  security: {
    // Replaced by src/web/same-origin.ts, which compares with PUBLIC_URL: behind a TLS proxy
    // Astro sees http:// and would refuse every form the browser posts from https://.
    checkOrigin: false,
    csp: { directives: [...CSP_DIRECTIVES] },
  },
  markdown: { syntaxHighlight: 'prism' },
  devToolbar: { enabled: false },
});

import { translator, type Locale } from '../core/i18n/index.ts';
import { escapeHtml } from '../core/text/escape-html.ts';

export { isStorageFault } from '../core/db/storage-fault.ts';

/** How long a client is asked to wait: freeing disk space takes an administrator a few minutes. */
export const STORAGE_RETRY_AFTER_SECONDS = 120;

/**
 * The page a write gets while the storage refuses it: 503 (the server is fine,
 * only for now unable to save), in the page's language, saying nothing was saved
 * and that reading still works.
 */
export function storageFaultResponse(locale: Locale): Response {
  const t = translator(locale);
  const home = locale === 'fr' ? '/fr/' : '/en/';
  const body =
    `<!doctype html><html lang="${locale}"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(t('server.storage.title'))}</title>` +
    `<main><h1>${escapeHtml(t('server.storage.title'))}</h1><p>${escapeHtml(t('server.storage.body'))}</p>` +
    `<p><a href="${home}">${escapeHtml(t('server.storage.home'))}</a></p></main></html>\n`;
  return new Response(body, {
    status: 503,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'retry-after': String(STORAGE_RETRY_AFTER_SECONDS),
      'cache-control': 'no-store',
    },
  });
}

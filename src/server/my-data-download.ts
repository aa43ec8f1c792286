import type http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { getMember } from '../core/accounts/members.ts';
import { validateSessionToken } from '../core/accounts/sessions.ts';
import type { Config } from '../core/config.ts';
import type { Database } from '../core/db/client.ts';
import type { Logger } from '../core/log.ts';
import { route } from '../core/routes.ts';
import { downloadMyData } from '../core/my-data/download.ts';
export { MY_DATA_PATH } from '../core/my-data/download.ts';
import { safeError } from '../core/text/safe-error.ts';
import { sessionCookieName } from '../web/session-cookie.ts';

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * The member's data download, served by the Node server itself rather than by
 * Astro: the adapter writes a streamed body without waiting for the socket to
 * drain, so a slow client would make it hold the whole zip. Here the zip is
 * piped, and the database is read only as fast as the member downloads.
 * Same rules as a page: a POST from this site (the origin check Astro does for
 * forms), a valid session, the member's own data only.
 */
export async function serveMyDataDownload(req: http.IncomingMessage, res: http.ServerResponse, config: Config, database: Database, log: Logger): Promise<void> {
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain; charset=utf-8' }).end('POST only');
    return;
  }
  const origin = req.headers.origin;
  const sameSite = req.headers['sec-fetch-site'] === 'same-origin' || (origin !== undefined && origin === new URL(config.publicUrl).origin);
  if (!sameSite) {
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Cross-site request refused');
    return;
  }
  const token = cookieValue(req.headers.cookie, sessionCookieName(config));
  const session = token ? await validateSessionToken(database.db, token) : null;
  const member = session ? await getMember(database.db, session.member.id) : undefined;
  if (!member) {
    res.writeHead(303, { location: route('signIn', 'fr') }).end();
    return;
  }
  const download = await downloadMyData(database.db, member, { publicUrl: config.publicUrl });
  if (!download.allowed) {
    res
      .writeHead(429, { 'retry-after': String(Math.max(1, Math.ceil((download.retryAt.getTime() - Date.now()) / 1000))), 'content-type': 'text/plain; charset=utf-8' })
      .end(member.locale === 'en' ? `Too many downloads: try again after ${download.retryAt.toISOString()}.` : `Trop de téléchargements : réessayez après ${download.retryAt.toISOString()}.`);
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="${download.filename}"`,
    'cache-control': 'no-store',
  });
  try {
    await pipeline(download.stream, res);
  } catch (error) {
    // The member closed the page, or the database failed midway: the zip is cut, and the audit says so.
    log.warn({ member: member.id, err: safeError(error) }, 'data download ended early');
  }
}

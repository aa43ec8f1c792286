import type { Db } from '../../db/client.ts';
import type { Logger } from '../../log.ts';
import { safeError } from '../../text/safe-error.ts';
import { readPostmarkWebhook } from './postmark-webhook.ts';
import { recordMailEvent } from './record-mail-event.ts';
import { hasWebhookCredentials, type WebhookCredentials } from './webhook-credentials.ts';

/** Postmark's largest webhook (a bounce with its Content) is far below this. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

export interface WebhookDeps {
  db: Db;
  /** Null when POSTMARK_WEBHOOK_USER / POSTMARK_WEBHOOK_PASSWORD are unset: the hook does not exist. */
  credentials: WebhookCredentials | null;
  log: Logger;
}

const plain = (status: number, text: string, headers: Record<string, string> = {}) =>
  new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers } });

/**
 * POST /hooks/postmark. Postmark retries on 5xx, 408, 429 and timeouts and
 * drops the event on any other 4xx: so 200 is answered only once the event is
 * stored, a storage failure answers 500 (Postmark tries again later), and what
 * can never succeed (bad credentials, a malformed or oversized body) answers
 * 4xx. Bodies are never logged: they hold members' addresses.
 */
export async function receivePostmarkWebhook(request: Request, deps: WebhookDeps): Promise<Response> {
  // Unconfigured, the hook is not there at all: nothing to probe, and `mail sync` recovers what Postmark dropped.
  if (!deps.credentials) return plain(404, 'Not found.');
  if (!hasWebhookCredentials(request.headers.get('authorization'), deps.credentials)) {
    deps.log.warn({ hook: 'postmark', status: 401 }, 'webhook refused: wrong or missing credentials');
    return plain(401, 'Credentials required.', { 'www-authenticate': 'Basic realm="passerelle-hooks", charset="UTF-8"' });
  }
  const body = await readLimited(request, WEBHOOK_BODY_LIMIT);
  if (body === null) {
    deps.log.warn({ hook: 'postmark', status: 413 }, 'webhook refused: body over 1 MiB');
    return plain(413, 'The body is larger than 1 MiB.', { connection: 'close' });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    deps.log.warn({ hook: 'postmark', status: 400, problems: ['the body is not JSON'] }, 'webhook refused: malformed');
    return plain(400, 'The body is not JSON.');
  }
  const reading = readPostmarkWebhook(payload);
  if (reading.outcome === 'malformed') {
    deps.log.warn({ hook: 'postmark', status: 400, problems: reading.problems.slice(0, 10) }, 'webhook refused: malformed');
    return plain(400, `Malformed payload: ${reading.problems.slice(0, 10).join('; ')}`);
  }
  if (reading.outcome === 'ignored') {
    deps.log.debug({ hook: 'postmark', recordType: reading.recordType }, 'webhook ignored: Passerelle does not keep this kind of event');
    return plain(200, 'Ignored.');
  }
  try {
    const { recorded } = await recordMailEvent(deps.db, reading.event);
    return plain(200, recorded ? 'Stored.' : 'Already stored.');
  } catch (error) {
    deps.log.error({ hook: 'postmark', kind: reading.event.kind, err: safeError(error) }, 'webhook event could not be stored');
    return plain(500, 'Not stored; try again.');
  }
}

/**
 * The body as text, or null as soon as it is known to exceed the limit: a
 * declared Content-Length is refused unread, a chunked body is read only up to
 * the limit and the rest is left on the wire.
 */
export async function readLimited(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

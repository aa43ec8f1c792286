import type { APIRoute } from 'astro';
import { receivePostmarkWebhook } from '../../core/mail/events/receive-postmark-webhook.ts';

/** Postmark's delivery, bounce, spam complaint and subscription change webhooks (see the README). */
export const POST: APIRoute = ({ request, locals }) =>
  receivePostmarkWebhook(request, { db: locals.runtime.database.db, credentials: locals.runtime.config.postmarkWebhook, log: locals.runtime.log });

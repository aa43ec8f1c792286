import { createHash, timingSafeEqual } from 'node:crypto';

export interface WebhookCredentials {
  user: string;
  password: string;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Postmark signs nothing: the webhook URL carries HTTP basic credentials.
 * Both halves are compared as SHA-256 digests of equal length, in constant
 * time, and both comparisons always run, so the answer's timing tells nothing
 * about how much of a guess was right.
 */
export function hasWebhookCredentials(authorization: string | null, expected: WebhookCredentials): boolean {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(authorization?.trim() ?? '');
  const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const user = colon === -1 ? '' : decoded.slice(0, colon);
  const password = colon === -1 ? '' : decoded.slice(colon + 1);
  const userMatches = timingSafeEqual(digest(user), digest(expected.user));
  const passwordMatches = timingSafeEqual(digest(password), digest(expected.password));
  return match !== null && colon !== -1 && userMatches && passwordMatches;
}

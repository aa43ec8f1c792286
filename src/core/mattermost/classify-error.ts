import { ClientError } from '@mattermost/client';
import { MattermostError, type PasswordRule } from './port.ts';

/**
 * Turns whatever Client4 threw into a MattermostError. Client4 rejects with a
 * ClientError carrying Mattermost's JSON error ({id, message, status_code}) when
 * an answer came, and lets fetch's own errors through when none did (a
 * TimeoutError from our deadline, a TypeError for a refused connection).
 * Mattermost answers every error with that JSON; an error without it came from
 * something in between (a proxy's 502 page) and counts as unavailable.
 */
export function classifyMattermostError(error: unknown): MattermostError {
  if (error instanceof MattermostError) return error;
  if (error instanceof ClientError) return fromAnswer(error);
  if (isTimeout(error)) return new MattermostError('timeout', 'Mattermost did not answer in time');
  const reason = error instanceof Error ? (causeCode(error) ?? error.message) : String(error);
  return new MattermostError('unavailable', `Mattermost could not be reached (${reason})`);
}

function fromAnswer(error: ClientError): MattermostError {
  const id = typeof error.server_error_id === 'string' ? error.server_error_id : '';
  const status = typeof error.status_code === 'number' ? error.status_code : 0;
  const message = error.message || 'Mattermost refused the request';
  const details = { id, status };
  if (status === 0 || status === 429 || status >= 500) {
    return new MattermostError('unavailable', status === 0 ? 'Mattermost answered without its JSON error (a proxy in between?)' : message, details);
  }
  if (status === 401) return new MattermostError('unauthorized', message, details);
  if (status === 403) return new MattermostError('forbidden', message, details);
  if (status === 404) return new MattermostError('not-found', message, details);
  if (id.startsWith('model.user.is_valid.pwd')) return new MattermostError('invalid-password', message, { ...details, rule: passwordRule(id) });
  // app.user.save.* since v6, store.sql_user.save.* before: duplicates are found case-insensitively, deactivated accounts included.
  if (id.includes('email_exists')) return new MattermostError('duplicate-email', message, details);
  if (id.includes('username_exists')) return new MattermostError('duplicate-username', message, details);
  return new MattermostError('rejected', message, details);
}

/**
 * Since v10.1 each failure names its rule (`…pwd_min_length…`, `…pwd_max_length…`,
 * or the missing classes such as `…pwd_uppercase_number…`); v10.0 and earlier
 * used one combined id for length and classes, read here as "classes" when it
 * names any, the server's message saying the rest.
 */
export function passwordRule(id: string): PasswordRule {
  if (id.includes('pwd_min_length')) return 'min-length';
  if (id.includes('pwd_max_length')) return 'max-length';
  if (/pwd_(lowercase|uppercase|number|symbol)/.test(id)) return 'character-classes';
  return 'other';
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || (error.name === 'AbortError' && error.cause instanceof Error && error.cause.name === 'TimeoutError'));
}

/** fetch hides the socket's reason (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function causeCode(error: Error): string | undefined {
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

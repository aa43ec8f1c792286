import { Errors } from 'postmark';
import type { DeliveryErrorKind } from './port.ts';

/**
 * Postmark ErrorCodes (https://postmarkapp.com/developer/api/overview#error-codes)
 * that only an administrator can fix: bad token (10), sender signature missing or
 * unconfirmed (400, 401), sending not allowed (405), account pending or barred (412, 413).
 * 401 here is the ErrorCode inside a 422 answer, not the HTTP status.
 */
const OPERATOR_PROBLEMS = new Set([10, 400, 401, 405, 412, 413]);

/**
 * Sorts what the official client threw. It rejects with a PostmarkError whose
 * `statusCode` is 0 when no answer came (network failure, timeout) and whose
 * `code` is Postmark's ErrorCode otherwise.
 */
export function classifyPostmarkError(error: unknown): { kind: DeliveryErrorKind; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  return { kind: kindOf(error), message };
}

function kindOf(error: unknown): DeliveryErrorKind {
  if (error instanceof Errors.InactiveRecipientsError) return 'inactive-recipient';
  if (error instanceof Errors.InvalidEmailRequestError) return 'invalid-address';
  if (error instanceof Errors.RateLimitExceededError) return 'rate-limited';
  if (error instanceof Errors.InvalidAPIKeyError) return 'misconfigured';
  if (!(error instanceof Errors.PostmarkError)) return 'rejected';
  if (error.statusCode === 0 || error.statusCode === 408 || error.statusCode >= 500) return 'unavailable';
  if (OPERATOR_PROBLEMS.has(error.code)) return 'misconfigured';
  return 'rejected';
}

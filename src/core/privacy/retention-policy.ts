import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../accounts/sessions.ts';
import { SIGN_IN_TTL_MS } from '../accounts/sign-in.ts';
import { INCIDENT_REGISTER_MIN_YEARS, type RetentionPolicy } from './retention-settings.ts';

export { DEFAULT_RETENTION_POLICY, INCIDENT_REGISTER_MIN_YEARS, retentionPolicyFrom, type RetentionPolicy } from './retention-settings.ts';

/**
 * What Passerelle keeps, and how long: the one place the retention job, the
 * privacy page and the command line read. Security limits (sign-in codes,
 * sessions, renewal links) are fixed in code; the rest are the community's
 * choices, with defaults and environment overrides (retention-settings.ts).
 */

export const RETENTION_CATEGORIES = [
  'signInCodes',
  'sessions',
  'renewalLinks',
  'mailBodies',
  'deliveryEvents',
  'auditLog',
  'disabledAccounts',
  'incidentRegister',
] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

/** How long something is kept, counted from the moment the privacy page names for it. */
export type RetentionPeriod = { minutes: number } | { days: number } | { years: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Each category's period, as the privacy page shows it and the job enforces it. */
export function retentionPeriods(policy: RetentionPolicy): Record<RetentionCategory, RetentionPeriod> {
  return {
    signInCodes: { minutes: SIGN_IN_TTL_MS / 60_000 },
    sessions: { days: SESSION_ABSOLUTE_MS / DAY_MS },
    renewalLinks: { days: 0 },
    mailBodies: { days: policy.mailBodyDays },
    deliveryEvents: { days: policy.deliveryEventDays },
    auditLog: { days: policy.auditLogDays },
    disabledAccounts: { days: policy.disabledAccountDays },
    incidentRegister: { years: Math.max(INCIDENT_REGISTER_MIN_YEARS, policy.incidentRegisterYears) },
  };
}

/** Sessions also end after this long unused. */
export const SESSION_IDLE_DAYS = SESSION_IDLE_MS / DAY_MS;

/** The instant before which a category's records are due: `now` minus the period, years counted on the calendar. */
export function retentionCutoff(period: RetentionPeriod, now: number): Date {
  if ('minutes' in period) return new Date(now - period.minutes * 60_000);
  if ('days' in period) return new Date(now - period.days * DAY_MS);
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - period.years);
  return cutoff;
}

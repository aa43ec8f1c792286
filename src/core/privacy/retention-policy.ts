import { z } from 'zod';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../accounts/sessions.ts';
import { SIGN_IN_TTL_MS } from '../accounts/sign-in.ts';

/**
 * What Passerelle keeps, and how long: the one place the retention job, the
 * privacy page and the command line read. Security limits (sign-in codes,
 * sessions, renewal links) are fixed in code; the rest are the community's
 * choices, with defaults and environment overrides validated below.
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

export interface RetentionPolicy {
  /** Text of sent mails (other than sign-in mails, whose code expires first): cleared after this many days. */
  mailBodyDays: number;
  /** Mail records and the delivery events Postmark reported. */
  deliveryEventDays: number;
  /** The audit log, except the incident register's own history, which follows the register. */
  auditLogDays: number;
  /** A disabled account is deleted this long after its last change (its disabling, or later). */
  disabledAccountDays: number;
  /** Confidentiality incidents: at least five years (Regulation respecting confidentiality incidents, s. 7). */
  incidentRegisterYears: number;
}

/** The regulation's floor: a register entry is never removed earlier, whatever the configuration says. */
export const INCIDENT_REGISTER_MIN_YEARS = 5;

export const DEFAULT_RETENTION_POLICY: RetentionPolicy = {
  mailBodyDays: 30,
  deliveryEventDays: 365,
  auditLogDays: 3 * 365,
  disabledAccountDays: 365,
  incidentRegisterYears: INCIDENT_REGISTER_MIN_YEARS,
};

const days = (min: number, fallback: number) => {
  const error = `must be a whole number of days between ${min} and 36500`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(36_500, { error }).default(fallback);
};

/** The environment's side of the policy, merged into the configuration's schema (config.ts). */
export const retentionEnvSchema = {
  RETENTION_MAIL_BODY_DAYS: days(1, DEFAULT_RETENTION_POLICY.mailBodyDays),
  RETENTION_DELIVERY_EVENT_DAYS: days(30, DEFAULT_RETENTION_POLICY.deliveryEventDays),
  RETENTION_AUDIT_LOG_DAYS: days(365, DEFAULT_RETENTION_POLICY.auditLogDays),
  RETENTION_DISABLED_ACCOUNT_DAYS: days(30, DEFAULT_RETENTION_POLICY.disabledAccountDays),
  RETENTION_INCIDENT_YEARS: z.coerce
    .number({ error: `must be a whole number of years, at least ${INCIDENT_REGISTER_MIN_YEARS} (the regulation's minimum)` })
    .int({ error: `must be a whole number of years, at least ${INCIDENT_REGISTER_MIN_YEARS} (the regulation's minimum)` })
    .min(INCIDENT_REGISTER_MIN_YEARS, { error: `must be at least ${INCIDENT_REGISTER_MIN_YEARS} years (the regulation's minimum)` })
    .max(100, { error: 'must be at most 100 years' })
    .default(DEFAULT_RETENTION_POLICY.incidentRegisterYears),
};

type RetentionEnv = { [K in keyof typeof retentionEnvSchema]: z.infer<(typeof retentionEnvSchema)[K]> };

export function retentionPolicyFrom(values: RetentionEnv): RetentionPolicy {
  return {
    mailBodyDays: values.RETENTION_MAIL_BODY_DAYS,
    deliveryEventDays: values.RETENTION_DELIVERY_EVENT_DAYS,
    auditLogDays: values.RETENTION_AUDIT_LOG_DAYS,
    disabledAccountDays: values.RETENTION_DISABLED_ACCOUNT_DAYS,
    // The floor again: a policy built in code (tests, the CLI) cannot go below it either.
    incidentRegisterYears: Math.max(INCIDENT_REGISTER_MIN_YEARS, values.RETENTION_INCIDENT_YEARS),
  };
}

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

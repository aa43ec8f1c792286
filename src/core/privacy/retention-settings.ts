import { z } from 'zod';

/**
 * The community's side of the retention policy: its choices, their defaults,
 * and the environment variables that override them (read by config.ts). The
 * periods themselves, security limits included, are in retention-policy.ts.
 */

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

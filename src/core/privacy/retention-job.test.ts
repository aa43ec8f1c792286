import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { auditLog, members, sessions, signInChallenges } from '../db/schema/accounts.ts';
import { campaignRecipients, mailEvents } from '../db/schema/campaigns.ts';
import { mailMessages } from '../db/schema/mail.ts';
import { privacyIncidents } from '../db/schema/privacy.ts';
import { consentRegister, memberConsents, renewalLinks } from '../db/schema/renewal.ts';
import type { Db } from '../db/client.ts';
import { runRetention } from './retention-job.ts';
import { DEFAULT_RETENTION_POLICY, INCIDENT_REGISTER_MIN_YEARS, RETENTION_CATEGORIES, retentionPolicyFrom, type RetentionCategory } from './retention-policy.ts';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 2, 10, 12);
const policy = DEFAULT_RETENTION_POLICY;

let database: Awaited<ReturnType<typeof openTempDatabase>>;
let db: Db;
beforeEach(async () => {
  database = await openTempDatabase();
  db = database.db;
});
afterEach(() => database.dispose());

const rows = async (table: string, where = '1 = 1') => Number((await database.client.execute(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)).rows[0]!.n);

function addYears(at: number, years: number): number {
  const date = new Date(at);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.getTime();
}

function mail(id: string, at: number, template = 'renewal-confirmed') {
  return { id, createdAt: new Date(at), recipient: 'ana@example.org', template, locale: 'fr', stream: 'outbound', subject: 'S', transport: 'outbox', status: 'sent' as const, htmlBody: '<p>body</p>', textBody: 'body' };
}

function member(id: string, at: number, status: 'active' | 'disabled', role: 'member' | 'admin' = 'member') {
  return { id, email: `${id}@example.org`, status, role, createdAt: new Date(at), updatedAt: new Date(at) };
}

function incident(at: number) {
  return {
    occurredOn: '2026-03-01',
    discoveredOn: '2026-03-09',
    description: 'A list of addresses was mailed to the wrong person.',
    informationConcerned: 'Email addresses',
    peopleConcerned: 12,
    sensitivity: 'Low',
    anticipatedConsequences: 'Unwanted mail',
    likelihood: 'Low',
    seriousRisk: false,
    measuresTaken: 'Asked the recipient to delete it.',
    createdBy: 'cli',
    createdAt: new Date(at),
    updatedAt: new Date(at),
  };
}

/**
 * Each category: one record made at T0, the instant its period ends, and how
 * to tell whether the job left it. The record must survive a run one day
 * before that instant (one minute for sign-in codes) and be gone one day after.
 */
const scenarios: Record<RetentionCategory, { seed(): Promise<void>; limit: number; margin: number; kept(): Promise<boolean> }> = {
  signInCodes: {
    async seed() {
      await db.insert(signInChallenges).values({ id: 'c1', memberId: 'm1', codeHash: 'h', linkHash: 'l', createdAt: new Date(T0), expiresAt: new Date(T0 + 15 * 60_000), origin: 'email' });
      await db.insert(mailMessages).values(mail('sign-in-mail', T0, 'sign-in'));
    },
    limit: T0 + 15 * 60_000,
    margin: 60_000,
    kept: async () => (await rows('sign_in_challenges')) === 1 && (await rows('mail_messages', 'text_body IS NOT NULL')) === 1,
  },
  sessions: {
    seed: () => db.insert(sessions).values({ id: 's1', secretHash: 'h', memberId: 'm1', createdAt: new Date(T0), lastUsedAt: new Date(T0), expiresAt: new Date(T0 + 30 * DAY) }).then(() => undefined),
    limit: T0 + 30 * DAY,
    margin: DAY,
    kept: async () => (await rows('sessions')) === 1,
  },
  renewalLinks: {
    seed: () => db.insert(renewalLinks).values({ id: 'r1', memberId: 'm1', tokenHash: 'h', origin: 'email', createdAt: new Date(T0), expiresAt: new Date(T0 + 14 * DAY) }).then(() => undefined),
    limit: T0 + 14 * DAY,
    margin: DAY,
    kept: async () => (await rows('renewal_links')) === 1,
  },
  mailBodies: {
    seed: () => db.insert(mailMessages).values(mail('mail-1', T0)).then(() => undefined),
    limit: T0 + policy.mailBodyDays * DAY,
    margin: DAY,
    // Only the text goes: the record of the send stays for its own, longer period.
    kept: async () => (await rows('mail_messages', 'text_body IS NOT NULL AND html_body IS NOT NULL')) === 1,
  },
  deliveryEvents: {
    async seed() {
      await db.insert(mailMessages).values({ ...mail('mail-1', T0), htmlBody: null, textBody: null });
      await db.insert(mailEvents).values({ id: 'e1', kind: 'delivered', recipient: 'ana@example.org', at: new Date(T0) });
      await db.insert(campaignRecipients).values({ campaignId: 'k1', memberId: 'm1', step: 'invite', email: 'ana@example.org', domain: 'example.org', organisation: 'example.org', locale: 'fr', wave: 0, scheduledAt: new Date(T0), state: 'delivered', updatedAt: new Date(T0) });
    },
    limit: T0 + policy.deliveryEventDays * DAY,
    margin: DAY,
    kept: async () => (await rows('mail_messages')) + (await rows('mail_events')) + (await rows('campaign_recipients')) === 3,
  },
  auditLog: {
    seed: () => db.insert(auditLog).values({ at: new Date(T0), actor: 'cli', action: 'member.added', targetMemberId: 'm1', details: '{}' }).then(() => undefined),
    limit: T0 + policy.auditLogDays * DAY,
    margin: DAY,
    kept: async () => (await rows('audit_log')) === 1,
  },
  disabledAccounts: {
    async seed() {
      await db.insert(members).values(member('m1', T0, 'disabled'));
      await db.insert(memberConsents).values({ memberId: 'm1', purpose: 'news', granted: true, version: 1, at: new Date(T0) });
      await db.insert(consentRegister).values({ memberId: 'm1', purpose: 'news', granted: true, version: 1, at: new Date(T0), source: 'renewal' });
    },
    limit: T0 + policy.disabledAccountDays * DAY,
    margin: DAY,
    kept: async () => (await rows('members')) === 1 && (await rows('member_consents')) === 1 && (await rows('consent_register')) === 1,
  },
  incidentRegister: {
    seed: () => db.insert(privacyIncidents).values(incident(T0)).then(() => undefined),
    limit: addYears(T0, INCIDENT_REGISTER_MIN_YEARS),
    margin: DAY,
    kept: async () => (await rows('privacy_incidents')) === 1,
  },
};

describe('runRetention', () => {
  it.each(RETENTION_CATEGORIES)('%s: kept until its period ends, removed after', async (category) => {
    const scenario = scenarios[category];
    await scenario.seed();

    const before = await runRetention(db, policy, { now: scenario.limit - scenario.margin });
    expect(before[category]).toBe(0);
    expect(await scenario.kept()).toBe(true);

    const dry = await runRetention(db, policy, { now: scenario.limit + scenario.margin, dryRun: true });
    expect(dry[category]).toBeGreaterThan(0);
    expect(await scenario.kept()).toBe(true);

    const after = await runRetention(db, policy, { now: scenario.limit + scenario.margin });
    expect(after).toEqual(dry);
    expect(await scenario.kept()).toBe(false);
  });

  it('never removes an incident before five years, whatever the audit log or the configuration say', async () => {
    await db.insert(privacyIncidents).values(incident(T0));
    // The register's history in the audit log follows the register, not the audit log's shorter period.
    await db.insert(auditLog).values({ at: new Date(T0), actor: 'm1', action: 'incident.updated', targetMemberId: null, details: '{}' });
    const short = retentionPolicyFrom({ RETENTION_MAIL_BODY_DAYS: 1, RETENTION_DELIVERY_EVENT_DAYS: 30, RETENTION_AUDIT_LOG_DAYS: 365, RETENTION_DISABLED_ACCOUNT_DAYS: 30, RETENTION_INCIDENT_YEARS: 1 });
    expect(short.incidentRegisterYears).toBe(INCIDENT_REGISTER_MIN_YEARS);

    const almostFive = addYears(T0, INCIDENT_REGISTER_MIN_YEARS) - DAY;
    const counts = await runRetention(db, { ...short, incidentRegisterYears: 1 }, { now: almostFive });
    expect(counts.incidentRegister).toBe(0);
    expect(await rows('privacy_incidents')).toBe(1);
    expect(await rows('audit_log', "action = 'incident.updated'")).toBe(1);

    await runRetention(db, short, { now: addYears(T0, INCIDENT_REGISTER_MIN_YEARS) + DAY });
    expect(await rows('privacy_incidents')).toBe(0);
    expect(await rows('audit_log')).toBe(0);
  });

  it('counts an incident from its last change, so one edited late is kept longer', async () => {
    await db.insert(privacyIncidents).values({ ...incident(T0), updatedAt: new Date(T0 + 400 * DAY) });
    await runRetention(db, policy, { now: addYears(T0, INCIDENT_REGISTER_MIN_YEARS) + DAY });
    expect(await rows('privacy_incidents')).toBe(1);
  });

  it('keeps active and administrator accounts, and a disabled account changed since', async () => {
    const late = T0 + (policy.disabledAccountDays + 10) * DAY;
    await db.insert(members).values([member('active', T0, 'active'), member('admin', T0, 'disabled', 'admin'), { ...member('recent', T0, 'disabled'), updatedAt: new Date(T0 + 20 * DAY) }]);
    await db.insert(sessions).values({ id: 's-active', secretHash: 'h', memberId: 'active', createdAt: new Date(late), lastUsedAt: new Date(late), expiresAt: new Date(late + DAY) });
    const counts = await runRetention(db, policy, { now: late });
    expect(counts.disabledAccounts).toBe(0);
    expect(await rows('members')).toBe(3);
    expect(await rows('sessions')).toBe(1);
  });

  it('leaves a campaign message still on its way to the sender', async () => {
    await db.insert(campaignRecipients).values({ campaignId: 'k1', memberId: 'm1', step: 'invite', email: 'a@example.org', domain: 'example.org', organisation: 'example.org', locale: 'fr', wave: 0, scheduledAt: new Date(T0), state: 'queued', updatedAt: new Date(T0) });
    await runRetention(db, policy, { now: T0 + (policy.deliveryEventDays + 1) * DAY });
    expect(await rows('campaign_recipients')).toBe(1);
  });

  it('reports every category, zero included', async () => {
    const counts = await runRetention(db, policy, { now: T0 });
    expect(Object.keys(counts).sort()).toEqual([...RETENTION_CATEGORIES].sort());
    expect(Object.values(counts).every((value) => value === 0)).toBe(true);
  });
});

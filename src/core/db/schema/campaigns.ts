import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Renewal campaigns: one mail to many members, sent the way a careful sender
 * warms up a domain. Everything the sender decides is written here first, so a
 * restart (or a kill) resumes exactly where it stopped.
 */
export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const campaigns = sqliteTable('campaigns', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  status: text('status', { enum: CAMPAIGN_STATUSES }).notNull().default('draft'),
  /** Postmark broadcast stream id. */
  stream: text('stream').notNull(),
  /** JSON: which members are invited (see campaigns/audience.ts). */
  audience: text('audience').notNull(),
  /** Markdown templates: they hold placeholders, never a member's link. */
  subjectFr: text('subject_fr').notNull(),
  subjectEn: text('subject_en').notNull(),
  bodyFr: text('body_fr').notNull(),
  bodyEn: text('body_en').notNull(),
  firstWave: integer('first_wave').notNull(),
  growth: real('growth').notNull(),
  dailyCap: integer('daily_cap').notNull(),
  organisationHourlyCap: integer('organisation_hourly_cap').notNull(),
  /** Days after the invitation when members who have not renewed get one reminder; null: none. */
  reminderAfterDays: integer('reminder_after_days'),
  /** Why the campaign paused itself or was paused (shown to administrators). */
  pausedReason: text('paused_reason'),
  pausedAt: integer('paused_at', { mode: 'timestamp_ms' }),
  /** The breaker judges messages sent from here on: a resume is a decision to try again, not to trip at once. */
  breakerSince: integer('breaker_since', { mode: 'timestamp_ms' }),
  /** An administrator started despite a failing deliverability check: why (also in the audit log). */
  deliverabilityOverride: text('deliverability_override'),
  createdBy: text('created_by').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }),
  completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
});

/** queued → sending → sent → delivered | bounced | complained; failed and skipped end a recipient without a message. */
export const RECIPIENT_STATES = ['queued', 'sending', 'sent', 'delivered', 'bounced', 'complained', 'failed', 'skipped'] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];
export const CAMPAIGN_STEPS = ['invite', 'reminder'] as const;
export type CampaignStep = (typeof CAMPAIGN_STEPS)[number];

export const campaignRecipients = sqliteTable(
  'campaign_recipients',
  {
    campaignId: text('campaign_id').notNull(),
    memberId: text('member_id').notNull(),
    step: text('step', { enum: CAMPAIGN_STEPS }).notNull(),
    email: text('email').notNull(),
    /** The address's domain and the organisation that receives its mail (same MX). */
    domain: text('domain').notNull(),
    organisation: text('organisation').notNull(),
    locale: text('locale', { enum: ['fr', 'en'] }).notNull(),
    /** Day of the warm-up plan (0 = first wave). */
    wave: integer('wave').notNull(),
    scheduledAt: integer('scheduled_at', { mode: 'timestamp_ms' }).notNull(),
    state: text('state', { enum: RECIPIENT_STATES }).notNull().default('queued'),
    /** When the message was handed over (state sending): reconciliation waits for Postmark's search to see it. */
    sendingAt: integer('sending_at', { mode: 'timestamp_ms' }),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    providerMessageId: text('provider_message_id'),
    /** Postmark ErrorCode or our own reason (renewed, suppressed, unsubscribed, disabled). */
    reason: text('reason'),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.campaignId, table.memberId, table.step] }),
    index('campaign_recipients_due').on(table.campaignId, table.state, table.scheduledAt),
    index('campaign_recipients_message').on(table.providerMessageId),
  ],
);

/** A receiving domain that answered "blocked" or "policy": its remaining recipients wait for an administrator. */
export const campaignDomainPauses = sqliteTable(
  'campaign_domain_pauses',
  {
    campaignId: text('campaign_id').notNull(),
    domain: text('domain').notNull(),
    reason: text('reason').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    /** Set when an administrator let the domain go on; only bounces after it can pause it again. */
    resumedAt: integer('resumed_at', { mode: 'timestamp_ms' }),
  },
  (table) => [primaryKey({ columns: [table.campaignId, table.domain] })],
);

/** "reactivated": an address taken off the stream's suppression list (a member fixed their mailbox, or an administrator asked). */
export const MAIL_EVENT_KINDS = ['delivered', 'bounced', 'soft-bounced', 'complained', 'unsubscribed', 'reactivated'] as const;
export type MailEventKind = (typeof MAIL_EVENT_KINDS)[number];

/**
 * What Postmark reports after a message left (Bounces API, later webhooks).
 * The id is built from Postmark's own identifiers, so the same event read twice
 * (a webhook retried, a bounce pulled again) is recorded once.
 */
export const mailEvents = sqliteTable(
  'mail_events',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: MAIL_EVENT_KINDS }).notNull(),
    providerMessageId: text('provider_message_id'),
    recipient: text('recipient').notNull(),
    stream: text('stream'),
    /** Postmark's bounce Type (HardBounce, Blocked, DMARCPolicy…) or SuppressionReason. */
    detail: text('detail'),
    /** The receiving mail server a delivery went to (the Messages API's DestinationServer), when Postmark says. */
    receivingServer: text('receiving_server'),
    /** What the receiving server answered: a delivery's SMTP reply, a bounce's Details. */
    serverAnswer: text('server_answer'),
    /** Postmark's own words on the event: a bounce's Description, the Origin of a suppression change. */
    description: text('description'),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    campaignId: text('campaign_id'),
    memberId: text('member_id'),
  },
  (table) => [
    index('mail_events_campaign').on(table.campaignId, table.kind),
    index('mail_events_message').on(table.providerMessageId),
    index('mail_events_recipient').on(table.recipient),
  ],
);

/** One holder at a time across processes (the server and `campaign run`). */
export const workerLeases = sqliteTable('worker_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
});

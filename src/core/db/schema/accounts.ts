import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Members sign in by email; nothing here is a password. Statuses and the
 * optional link to a Slack person leave room for renewal campaigns and consents.
 */
export const MEMBER_ROLES = ['member', 'admin'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const MEMBER_STATUSES = ['invited', 'active', 'disabled'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
/** How the member's Mattermost account was last met: found and linked, created by Passerelle, or out of reach (queued). */
export const MATTERMOST_STATES = ['linked', 'created', 'failed'] as const;
export type MattermostState = (typeof MATTERMOST_STATES)[number];

export const members = sqliteTable(
  'members',
  {
    id: text('id').primaryKey(),
    /** Lower-cased and trimmed: the address is the identity. */
    email: text('email').notNull(),
    name: text('name'),
    /** How the member is called on the site (their account menu, mails); their full name stays in `name`. */
    displayName: text('display_name'),
    locale: text('locale', { enum: ['fr', 'en'] }).notNull().default('fr'),
    /** IANA zone the member reads dates in; null: the community's TIME_ZONE. */
    timeZone: text('time_zone'),
    role: text('role', { enum: MEMBER_ROLES }).notNull().default('member'),
    status: text('status', { enum: MEMBER_STATUSES }).notNull().default('invited'),
    /** The person this member was in Slack: their own messages and private channels. */
    slackPersonId: text('slack_person_id'),
    /** The member's Mattermost account: found by email, created at renewal, or linked by an administrator. */
    mattermostUserId: text('mattermost_user_id'),
    mattermostState: text('mattermost_state', { enum: MATTERMOST_STATES }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    lastSignInAt: integer('last_sign_in_at', { mode: 'timestamp_ms' }),
    /** When the member was last sent or handed a renewal link; null: never invited to renew. */
    renewalInvitedAt: integer('renewal_invited_at', { mode: 'timestamp_ms' }),
    /** When the member confirmed they are still part of the community (the renewal form). */
    renewedAt: integer('renewed_at', { mode: 'timestamp_ms' }),
  },
  (table) => [
    uniqueIndex('members_email').on(table.email),
    uniqueIndex('members_slack_person').on(table.slackPersonId).where(sql`${table.slackPersonId} IS NOT NULL`),
  ],
);

/** Sessions as lucia-auth.com teaches them: the cookie holds `id.secret`, the store only a hash of the secret. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    secretHash: text('secret_hash').notNull(),
    memberId: text('member_id').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }).notNull(),
    /** Sliding: pushed forward while the session is used, never past createdAt + the absolute limit. */
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    /** Browser and system, shown to the member in their list of sessions; no IP address is kept. */
    device: text('device'),
  },
  (table) => [index('sessions_member').on(table.memberId)],
);

/** One pending sign-in per address: a code to type and a link to open, both single-use. */
export const signInChallenges = sqliteTable(
  'sign_in_challenges',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id').notNull(),
    codeHash: text('code_hash').notNull(),
    linkHash: text('link_hash').notNull(),
    /** Where the member goes after signing in (a path on this site). */
    next: text('next'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    /** How the challenge was issued: by email, or handed over by an operator. */
    origin: text('origin', { enum: ['email', 'operator'] }).notNull(),
  },
  (table) => [index('sign_in_challenges_member').on(table.memberId), uniqueIndex('sign_in_challenges_link').on(table.linkHash)],
);

/**
 * Each allowed event of a limited action, kept a day: a limit counts those of
 * the last window before now (a sliding window, so no boundary lets a burst of
 * twice the limit through). Shared by every process that serves the site.
 */
export const rateLimitEvents = sqliteTable(
  'rate_limit_events',
  {
    key: text('key').notNull(),
    at: integer('at').notNull(),
  },
  (table) => [index('rate_limit_events_key_at').on(table.key, table.at)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    /** A member id, or "cli" for an operator at the command line. */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    targetMemberId: text('target_member_id'),
    /** JSON with the specifics (old and new role, file imported…); never a token. */
    details: text('details'),
  },
  (table) => [index('audit_log_at').on(table.at)],
);

/**
 * Mattermost account changes that could not be made when the member renewed
 * (Mattermost down, token refused): one row per member, replayed by
 * `passerelle mattermost retry`. Never a password: a member who chose one gets
 * Mattermost's reset mail instead when the change finally goes through.
 */
export const mattermostAccountQueue = sqliteTable('mattermost_account_queue', {
  memberId: text('member_id').primaryKey(),
  /** What the member chose at renewal: "set" (a password, not kept), "reset-mail" or "later". */
  passwordChoice: text('password_choice', { enum: ['set', 'reset-mail', 'later'] }).notNull(),
  /** Whether the member's chosen password already reached Mattermost before the failure. */
  passwordSet: integer('password_set', { mode: 'boolean' }).notNull().default(false),
  queuedAt: integer('queued_at', { mode: 'timestamp_ms' }).notNull(),
  attempts: integer('attempts').notNull().default(1),
  lastAttemptAt: integer('last_attempt_at', { mode: 'timestamp_ms' }).notNull(),
  /** Why the last attempt failed, in words an administrator can act on; never a secret. */
  lastError: text('last_error').notNull(),
});

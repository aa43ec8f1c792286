import { and, eq, sql } from 'drizzle-orm';
import { recordAudit, type Actor } from '../accounts/audit.ts';
import type { Db } from '../db/client.ts';
import { hiddenMessages, personNameLevels, type NameLevel, type NameLevelSource } from '../db/schema/archive-privacy.ts';
import { messages } from '../db/schema/archive.ts';
import { settings } from '../db/schema/meta.ts';
import type { Logger } from '../log.ts';
import type { SearchEngine } from '../search/port.ts';
import { queueNamesAndHiddenMessages, queuePersonForSearch } from '../search/queue-authors.ts';
import { safeError } from '../text/safe-error.ts';
import { PSEUDONYMISE_NEVER_MEMBERS } from './pseudonyms.ts';

/**
 * The changes that take a name or a message out of the archive, and back.
 * Pages read the current choice each time; search follows at once: the
 * messages concerned are queued, then synced now (if the engine cannot answer,
 * the queue keeps them for the next sync).
 */
export interface NameLevelDeps {
  db: Db;
  search: Pick<SearchEngine, 'sync'> | null;
  log: Logger;
}

export class ArchivePrivacyError extends Error {
  readonly code: 'not-found' | 'not-author' | 'reason-required';
  constructor(code: ArchivePrivacyError['code']) {
    super(code);
    this.code = code;
  }
}

async function syncNow(deps: NameLevelDeps, what: string): Promise<void> {
  if (!deps.search) return;
  try {
    await deps.search.sync();
  } catch (error) {
    deps.log.warn({ err: safeError(error) }, `search could not follow ${what} yet: run search-sync`);
  }
}

export interface NameLevelRequest {
  /** null: back to what the member's consents and the community's default say. */
  level: NameLevel | null;
  source: NameLevelSource;
  /** An administrator's action records when the person asked, and why. */
  requestedAt?: Date;
  reason?: string;
}

export async function readNameLevel(db: Db, personId: string) {
  const [row] = await db.select().from(personNameLevels).where(eq(personNameLevels.personId, personId));
  return row ?? null;
}

export async function setNameLevel(deps: NameLevelDeps, actor: Actor, personId: string, request: NameLevelRequest, targetMemberId: string | null, now = new Date()): Promise<void> {
  if (request.source === 'admin' && !request.reason?.trim()) throw new ArchivePrivacyError('reason-required');
  if (request.level === null) {
    await deps.db.delete(personNameLevels).where(eq(personNameLevels.personId, personId));
  } else {
    const row = {
      level: request.level,
      source: request.source,
      requestedAt: request.requestedAt ?? null,
      reason: request.reason?.trim() || null,
      at: now,
    };
    await deps.db.insert(personNameLevels).values({ personId, ...row }).onConflictDoUpdate({ target: personNameLevels.personId, set: row });
  }
  await recordAudit(
    deps.db,
    actor,
    'person.name-level-changed',
    targetMemberId,
    { personId, level: request.level ?? 'default', source: request.source, requestedAt: request.requestedAt?.toISOString() ?? null, reason: request.reason?.trim() || null },
    now,
  );
  await queuePersonForSearch(deps.db, personId);
  await syncNow(deps, 'a name change');
}

export async function setPseudonymiseDefault(deps: NameLevelDeps, actor: Actor, on: boolean, now = new Date()): Promise<void> {
  const value = on ? 'on' : 'off';
  await deps.db.insert(settings).values({ key: PSEUDONYMISE_NEVER_MEMBERS, value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });
  await recordAudit(deps.db, actor, 'archive.pseudonymise-default-changed', null, { value }, now);
  // Turning it off: the people it covered are no longer pseudonymised, so their mentions are queued before (none after).
  await deps.db.run(sql`INSERT OR REPLACE INTO search_queue (channel_id, ts) SELECT channel_id, ts FROM messages WHERE instr(text, '<@') > 0`);
  await queueNamesAndHiddenMessages(deps.db);
  await syncNow(deps, 'the default for people who left');
}

/** Only its author hides a message; a member linked to no Slack person has none. */
export async function setMessageHidden(
  deps: NameLevelDeps,
  member: { id: string; slackPersonId: string | null },
  channelId: string,
  ts: string,
  hidden: boolean,
  now = new Date(),
): Promise<void> {
  const [message] = await deps.db.select({ userId: messages.userId }).from(messages).where(and(eq(messages.channelId, channelId), eq(messages.ts, ts)));
  if (!message) throw new ArchivePrivacyError('not-found');
  if (!member.slackPersonId || message.userId !== member.slackPersonId) throw new ArchivePrivacyError('not-author');
  if (hidden) await deps.db.insert(hiddenMessages).values({ channelId, ts, memberId: member.id, at: now }).onConflictDoNothing();
  else await deps.db.delete(hiddenMessages).where(and(eq(hiddenMessages.channelId, channelId), eq(hiddenMessages.ts, ts)));
  await recordAudit(deps.db, { memberId: member.id }, hidden ? 'message.hidden' : 'message.shown', member.id, { channelId, ts }, now);
  // Its replies too: each is indexed with its root's words.
  await deps.db.run(sql`INSERT OR REPLACE INTO search_queue (channel_id, ts) SELECT channel_id, ts FROM messages WHERE channel_id = ${channelId} AND (ts = ${ts} OR thread_ts = ${ts})`);
  await syncNow(deps, 'a hidden message');
}

export async function listHiddenMessages(db: Db, memberId: string) {
  return db
    .select({ channelId: hiddenMessages.channelId, ts: hiddenMessages.ts, at: hiddenMessages.at, plain: messages.plain, tsMs: messages.tsMs })
    .from(hiddenMessages)
    .leftJoin(messages, and(eq(messages.channelId, hiddenMessages.channelId), eq(messages.ts, hiddenMessages.ts)))
    .where(eq(hiddenMessages.memberId, memberId))
    .orderBy(hiddenMessages.at);
}

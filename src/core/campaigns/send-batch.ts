import { and, asc, eq, inArray, isNull, lte, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { members } from '../db/schema/accounts.ts';
import { campaignDomainPauses, campaignRecipients, mailEvents, type CampaignStep } from '../db/schema/campaigns.ts';
import type { Logger } from '../log.ts';
import { safeError } from '../text/safe-error.ts';
import { BATCH_LIMIT, INACTIVE_RECIPIENT, ProviderTrouble, type BroadcastMessage, type BroadcastProvider } from './broadcast-port.ts';
import type { Campaign } from './campaigns.ts';
import { composeCampaignMail } from './compose.ts';
import { withdrewNews } from './news-consent.ts';
import { isRenewed } from './renewed.ts';
import type { RenewalLinkFor, RenewalLinksFor } from './seams.ts';

export interface SendDeps {
  db: Db;
  provider: BroadcastProvider;
  renewalLinkFor: RenewalLinkFor;
  renewalLinksFor?: RenewalLinksFor;
  communityName: string;
  now: () => Date;
  /** Messages per call to the provider (≤ 500). */
  batchSize?: number;
  log?: Logger;
}

export interface BatchReport {
  handed: number;
  accepted: number;
  skipped: number;
  failed: number;
  /** The provider failed as a whole; `trouble.notAccepted` says whether the claimed messages were put back. */
  trouble?: ProviderTrouble;
}

type Due = { memberId: string; step: CampaignStep; email: string; locale: 'fr' | 'en' };

/** Why a member must not get this message any more, or null. Decided at send time: a member may renew, unsubscribe or withdraw consent mid-campaign. */
async function reasonsNotToSend(db: Db, stream: string, due: Due[], suppressed: Set<string>): Promise<Map<string, string>> {
  const ids = due.map((recipient) => recipient.memberId);
  const rows = await db.select({ id: members.id, status: members.status, renewedAt: members.renewedAt, withdrewNews: withdrewNews(members.id) }).from(members).where(inArray(members.id, ids));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const unsubscribed = new Set(
    (
      await db
        .selectDistinct({ recipient: mailEvents.recipient })
        .from(mailEvents)
        .where(and(eq(mailEvents.kind, 'unsubscribed'), eq(mailEvents.stream, stream), inArray(mailEvents.recipient, due.map((recipient) => recipient.email))))
    ).map((row) => row.recipient),
  );
  const reasons = new Map<string, string>();
  for (const recipient of due) {
    const member = byId.get(recipient.memberId);
    const reason = !member
      ? 'no-longer-a-member'
      : member.status === 'disabled'
        ? 'disabled'
        : isRenewed(member)
          ? 'renewed'
          : member.withdrewNews
            ? 'withdrew-news'
            : unsubscribed.has(recipient.email)
              ? 'unsubscribed'
              : suppressed.has(recipient.email)
                ? 'suppressed'
                : null;
    if (reason) reasons.set(`${recipient.memberId}:${recipient.step}`, reason);
  }
  return reasons;
}

/** libsql runs a batch as one transaction on one connection (see db/client.ts). */
function inOneTransaction<T extends Parameters<Db['batch']>[0][number]>(db: Db, statements: T[]) {
  return db.batch(statements as [T, ...T[]]);
}

const keyOf = (recipient: { memberId: string; step: string }) => `${recipient.memberId}:${recipient.step}`;

/**
 * Sends the next batch of due messages of a running campaign. Every recipient
 * is written `sending` before the provider is called and `sent` after, so a
 * kill anywhere leaves rows that reconciliation can settle before any retry.
 */
export async function sendDueBatch(deps: SendDeps, campaign: Campaign, suppressed: Set<string>): Promise<BatchReport> {
  const now = deps.now();
  const report: BatchReport = { handed: 0, accepted: 0, skipped: 0, failed: 0 };
  const pausedDomains = deps.db
    .select({ domain: campaignDomainPauses.domain })
    .from(campaignDomainPauses)
    .where(and(eq(campaignDomainPauses.campaignId, campaign.id), isNull(campaignDomainPauses.resumedAt)));
  const due: Due[] = await deps.db
    .select({ memberId: campaignRecipients.memberId, step: campaignRecipients.step, email: campaignRecipients.email, locale: campaignRecipients.locale })
    .from(campaignRecipients)
    .where(
      and(
        eq(campaignRecipients.campaignId, campaign.id),
        eq(campaignRecipients.state, 'queued'),
        lte(campaignRecipients.scheduledAt, now),
        notInArray(campaignRecipients.domain, pausedDomains),
      ),
    )
    .orderBy(asc(campaignRecipients.scheduledAt))
    .limit(Math.min(deps.batchSize ?? BATCH_LIMIT, BATCH_LIMIT));
  if (due.length === 0) return report;

  const reasons = await reasonsNotToSend(deps.db, campaign.stream, due, suppressed);
  const where = (recipients: { memberId: string; step: string }[]) =>
    and(eq(campaignRecipients.campaignId, campaign.id), inArray(sql`${campaignRecipients.memberId} || ':' || ${campaignRecipients.step}`, recipients.map(keyOf)));
  const notToSend = due.filter((recipient) => reasons.has(keyOf(recipient)));
  if (notToSend.length > 0) {
    await inOneTransaction(
      deps.db,
      notToSend.map((recipient) =>
        deps.db
          .update(campaignRecipients)
          .set({ state: 'skipped', reason: reasons.get(keyOf(recipient))!, updatedAt: now })
          .where(and(where([recipient]), eq(campaignRecipients.state, 'queued'))),
      ),
    );
    report.skipped += notToSend.length;
  }
  const toSend = due.filter((recipient) => !reasons.has(keyOf(recipient)));
  if (toSend.length === 0) return report;

  // Claimed in one statement: only rows still queued are ours to send.
  const claimed = new Set(
    (
      await deps.db
        .update(campaignRecipients)
        .set({ state: 'sending', sendingAt: now, updatedAt: now })
        .where(and(where(toSend), eq(campaignRecipients.state, 'queued')))
        .returning({ memberId: campaignRecipients.memberId, step: campaignRecipients.step })
    ).map(keyOf),
  );
  const names = new Map(
    (await deps.db.select({ id: members.id, name: members.name }).from(members).where(inArray(members.id, toSend.map((recipient) => recipient.memberId)))).map((row) => [row.id, row.name]),
  );
  const batch: BroadcastMessage[] = [];
  const mine = toSend.filter((entry) => claimed.has(keyOf(entry)));
  const links = deps.renewalLinksFor ? await deps.renewalLinksFor(mine.map((recipient) => recipient.memberId)) : new Map<string, string>();
  for (const recipient of mine) {
    const template = recipient.locale === 'en' ? { subject: campaign.subjectEn, body: campaign.bodyEn } : { subject: campaign.subjectFr, body: campaign.bodyFr };
    const mail = composeCampaignMail({ template, locale: recipient.locale, name: names.get(recipient.memberId) ?? null, link: links.get(recipient.memberId) ?? (await deps.renewalLinkFor(recipient.memberId)), communityName: deps.communityName });
    batch.push({ key: { campaignId: campaign.id, memberId: recipient.memberId, step: recipient.step }, to: recipient.email, tag: `campaign-${campaign.id}`, ...mail });
  }
  report.handed = batch.length;

  let outcomes;
  try {
    outcomes = await deps.provider.sendBatch(batch);
  } catch (error) {
    const trouble = error instanceof ProviderTrouble ? error : new ProviderTrouble('unavailable', false, safeError(error).message);
    report.trouble = trouble;
    // Refused whole: nothing left, the messages go back in line. Otherwise they stay `sending` for reconciliation.
    if (trouble.notAccepted) {
      await deps.db
        .update(campaignRecipients)
        .set({ state: 'queued', sendingAt: null, updatedAt: deps.now() })
        .where(and(where(batch.map((message) => message.key)), eq(campaignRecipients.state, 'sending')));
    }
    deps.log?.warn({ campaignId: campaign.id, kind: trouble.kind, notAccepted: trouble.notAccepted, err: safeError(error) }, 'campaign batch not sent');
    return report;
  }

  const done = deps.now();
  const updates = batch.map((message, index) => {
    const outcome = outcomes[index]!;
    const set = outcome.accepted
      ? { state: 'sent' as const, providerMessageId: outcome.messageId, sentAt: done, reason: null, updatedAt: done }
      : outcome.errorCode === INACTIVE_RECIPIENT
        ? { state: 'skipped' as const, reason: `postmark-${INACTIVE_RECIPIENT}-inactive`, updatedAt: done }
        : { state: 'failed' as const, reason: `postmark-${outcome.errorCode}: ${outcome.message.slice(0, 200)}`, updatedAt: done };
    if (outcome.accepted) report.accepted++;
    else if (outcome.errorCode === INACTIVE_RECIPIENT) report.skipped++;
    else report.failed++;
    return deps.db
      .update(campaignRecipients)
      .set(set)
      .where(and(where([message.key]), eq(campaignRecipients.state, 'sending')));
  });
  await inOneTransaction(deps.db, updates);
  return report;
}

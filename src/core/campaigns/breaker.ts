import type { Client } from '@libsql/client';
import { DOMAIN_BLOCKING } from '../mail/events/bounce-kind.ts';

/**
 * Postmark's guidance: keep hard bounces under 2% and spam complaints under
 * 0.04%. A rate means little over a handful of messages, so the campaign-wide
 * rule waits for a window of 50 that left since the last start or resume.
 */
export const BREAKER_LIMITS = { minWindow: 50, bounceRate: 0.02, complaintRate: 0.0004 };

export interface BreakerFigures {
  /** Messages that left (sent, delivered, bounced or complained about) since the breaker's start. */
  left: number;
  bounced: number;
  complained: number;
}

export interface BreakerVerdict {
  figures: BreakerFigures;
  /** Why the whole campaign must stop, or null. */
  stop: string | null;
  /** Domains that refused us by policy and are not paused yet. */
  blockedDomains: { domain: string; reason: string }[];
}

export function judgeFigures(figures: BreakerFigures, limits = BREAKER_LIMITS): string | null {
  if (figures.left < limits.minWindow) return null;
  const bounceRate = figures.bounced / figures.left;
  if (bounceRate > limits.bounceRate) return `bounce rate ${percent(bounceRate)} over ${figures.left} messages (limit ${percent(limits.bounceRate)})`;
  const complaintRate = figures.complained / figures.left;
  if (complaintRate > limits.complaintRate) return `spam complaints ${percent(complaintRate)} over ${figures.left} messages (limit ${percent(limits.complaintRate)})`;
  return null;
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(rate < 0.01 ? 2 : 1)}%`;
}

/**
 * Reads the recorded events (mail_events, whichever way they came) for the
 * campaign's messages. A sent message without news counts as delivered: a
 * bounce usually arrives within minutes, and the window only grows.
 */
export async function judgeCampaign(client: Client, campaign: { id: string; breakerSince: Date | null }): Promise<BreakerVerdict> {
  const since = campaign.breakerSince?.getTime() ?? 0;
  const result = await client.execute({
    sql: `SELECT count(*) AS left,
            coalesce(sum(EXISTS (SELECT 1 FROM mail_events e WHERE e.provider_message_id = r.provider_message_id AND e.kind = 'bounced')), 0) AS bounced,
            coalesce(sum(EXISTS (SELECT 1 FROM mail_events e WHERE e.provider_message_id = r.provider_message_id AND e.kind = 'complained')), 0) AS complained
          FROM campaign_recipients r
          WHERE r.campaign_id = ? AND r.state IN ('sent', 'delivered', 'bounced', 'complained') AND r.sent_at >= ?`,
    args: [campaign.id, since],
  });
  const row = result.rows[0]!;
  const figures = { left: Number(row.left), bounced: Number(row.bounced), complained: Number(row.complained) };
  const blocking = [...DOMAIN_BLOCKING];
  const blocked = await client.execute({
    sql: `SELECT r.domain AS domain, min(e.detail) AS detail
          FROM mail_events e JOIN campaign_recipients r ON r.provider_message_id = e.provider_message_id
          WHERE r.campaign_id = ?1 AND e.kind = 'bounced' AND e.detail IN (${blocking.map(() => '?').join(', ')})
            AND NOT EXISTS (SELECT 1 FROM campaign_domain_pauses p WHERE p.campaign_id = ?1 AND p.domain = r.domain
                            AND (p.resumed_at IS NULL OR p.resumed_at >= e.at))
          GROUP BY r.domain`,
    args: [campaign.id, ...blocking],
  });
  return {
    figures,
    stop: judgeFigures(figures),
    blockedDomains: blocked.rows.map((entry) => ({ domain: String(entry.domain), reason: `${String(entry.detail)} bounce` })),
  };
}

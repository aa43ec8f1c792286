import { and, eq, ne } from 'drizzle-orm';
import { recordAudit } from '../accounts/audit.ts';
import { issueRenewalLink, issueRenewalLinks } from '../accounts/renewal-links.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { members } from '../db/schema/accounts.ts';
import type { Logger } from '../log.ts';
import { latestDeliverabilityVerdict } from '../mail/deliverability/verdict.ts';
import { organisationName, receivingOrganisation } from '../mail/deliverability/receiving-organisation.ts';
import { createNodeResolver } from '../mail/deliverability/resolver.ts';
import { createMailDeps } from '../mail/from-config.ts';
import { sendMail, type SendMailDeps } from '../mail/send-mail.ts';
import { renderCampaignPausedMail } from '../mail/templates/campaign-paused.ts';
import type { BroadcastProvider } from './broadcast-port.ts';
import type { Campaign } from './campaigns.ts';
import { createPostmarkBroadcast } from './postmark-broadcast.ts';
import type { OrganisationOf, RenewalLinkFor, RenewalLinksFor, VerdictSource } from './seams.ts';
import type { WorkerDeps } from './worker.ts';

/** Tests point Postmark at a local stand-in. */
export interface PostmarkHost {
  requestHost: string;
  useHttps: boolean;
}

export interface CampaignServices {
  renewalLinkFor: RenewalLinkFor;
  renewalLinksFor: RenewalLinksFor;
  verdict: VerdictSource;
  organisationOf: OrganisationOf;
  notifyAdmins: (campaign: Campaign, reason: string) => Promise<void>;
  /** Null while mail stays in the outbox: campaigns are never sent from the outbox. */
  provider: BroadcastProvider | null;
  stream: string;
  /** What the sender needs, or null without Postmark. */
  workerDeps(extra?: Partial<WorkerDeps>): WorkerDeps | null;
  /** Ends the DNS look-ups still waiting, so the process may exit. */
  close(): void;
}

/**
 * The real implementations of what campaigns need from the rest of
 * Passerelle, built from the configuration: renewal links (absolute, from
 * PUBLIC_URL), the deliverability verdict, who receives each domain's mail
 * (MX, through the configured resolver), and the administrators' warning.
 */
export function createCampaignServices(config: Config, database: Database, log: Logger, options: { postmarkHost?: PostmarkHost; mail?: SendMailDeps } = {}): CampaignServices {
  const { db } = database;
  const settings = config.deliverability;
  const resolver = createNodeResolver({ servers: settings.dnsServers, lookupTimeoutMs: settings.lookupTimeoutMs, tries: settings.tries });
  const mail = options.mail ?? createMailDeps(config, db, log);
  const publicUrl = config.publicUrl.replace(/\/+$/, '');
  const stream = 'broadcastStream' in config.mail ? config.mail.broadcastStream : 'broadcast';
  const provider =
    'postmarkToken' in config.mail
      ? createPostmarkBroadcast({ serverToken: config.mail.postmarkToken, from: config.mail.from, stream, tracking: config.mailTracking, ...config.mail.apiHost, ...options.postmarkHost })
      : null;

  const renewalLinkFor: RenewalLinkFor = async (memberId) => {
    const issued = await issueRenewalLink(db, memberId, { origin: 'email', days: config.renewalLinkDays });
    // The site's configured address, never a request's host: the link travels by mail.
    return `${publicUrl}${issued.path}`;
  };

  const renewalLinksFor: RenewalLinksFor = async (memberIds) => {
    const issued = await issueRenewalLinks(db, memberIds, { origin: 'email', days: config.renewalLinkDays });
    return new Map([...issued].map(([memberId, link]) => [memberId, `${publicUrl}${link.path}`]));
  };

  const organisationOf: OrganisationOf = async (domain) => {
    return organisationName(await receivingOrganisation(resolver, domain), domain);
  };

  async function notifyAdmins(campaign: Campaign, reason: string): Promise<void> {
    const admins = await db
      .select({ id: members.id, email: members.email, locale: members.locale })
      .from(members)
      .where(and(eq(members.role, 'admin'), ne(members.status, 'disabled')));
    let failed = 0;
    for (const admin of admins) {
      const content = renderCampaignPausedMail({ locale: admin.locale, communityName: config.communityName, campaignName: campaign.name, campaignId: campaign.id, reason });
      const result = await sendMail(mail, { to: admin.email, memberId: admin.id, template: 'campaign-paused', locale: admin.locale, stream: 'outbound', ...content, tag: 'campaign-paused', carriesSecret: false });
      if (result.status === 'failed') failed++;
    }
    await recordAudit(db, 'system', 'campaign.admins-notified', null, { campaignId: campaign.id, reason, administrators: admins.length, failed });
  }

  const services: CampaignServices = {
    renewalLinkFor,
    renewalLinksFor,
    verdict: () => latestDeliverabilityVerdict(db),
    organisationOf,
    notifyAdmins,
    provider,
    stream,
    workerDeps: (extra = {}) =>
      provider
        ? { db, client: database.client, provider, stream, renewalLinkFor, renewalLinksFor, communityName: config.communityName, notifyAdmins, log: log.child({ module: 'campaigns' }), ...extra }
        : null,
    close: () => resolver.close(),
  };
  return services;
}

import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { memberAddressDomains } from './member-domains.ts';
import { createPostmarkAccount } from './postmark-account.ts';
import type { DeliverabilityReport } from './report.ts';
import { createNodeResolver } from './resolver.ts';
import { runDeliverabilityCheck, senderAddress, sendingDomain } from './run-check.ts';
import { saveDeliverabilityReport } from './store.ts';

/**
 * The address whose domain is checked: MAIL_FROM when Postmark carries mail;
 * while mail stays in the outbox, the contact address stands in for the sender
 * the community would use, as it does for the outbox itself.
 */
export function checkedSender(config: Pick<Config, 'mail' | 'contactEmail'>): string {
  return 'from' in config.mail ? config.mail.from : config.contactEmail;
}

/** Runs the check with the configured resolver and Postmark account, and stores the result with its time. */
export async function checkAndStoreDeliverability(
  db: Db,
  config: Pick<Config, 'mail' | 'contactEmail' | 'deliverability'>,
  requestedBy: string,
  options: { postmarkHost?: { requestHost: string; useHttps: boolean } } = {},
): Promise<DeliverabilityReport> {
  const settings = config.deliverability;
  const resolver = createNodeResolver({ servers: settings.dnsServers, lookupTimeoutMs: settings.lookupTimeoutMs, tries: settings.tries });
  const from = checkedSender(config);
  const domain = sendingDomain(from);
  const contact = senderAddress(config.contactEmail);
  try {
    const report = await runDeliverabilityCheck(
      {
        resolver,
        account: settings.postmarkAccountToken
          ? createPostmarkAccount({ accountToken: settings.postmarkAccountToken, timeoutSeconds: Math.ceil(settings.timeoutMs / 1000), ...options.postmarkHost })
          : null,
        from,
        // Reports sent to another domain need that domain's consent (RFC 7489 §7.1): keep them at home.
        dmarcReportsTo: sendingDomain(contact) === domain ? contact : `dmarc@${domain}`,
        dkimSelector: settings.dkimSelector,
        blocklists: settings.blocklists,
        timeoutMs: settings.timeoutMs,
      },
      await memberAddressDomains(db),
    );
    await saveDeliverabilityReport(db, report, requestedBy);
    return report;
  } finally {
    resolver.close();
  }
}

import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/index.ts';
import { checkWhy } from './describe.ts';
import { createPostmarkAccount } from './postmark-account.ts';
import { createNodeResolver } from './resolver.ts';
import { runDeliverabilityCheck } from './run-check.ts';

/**
 * The same check against real DNS (and Postmark's real account API when
 * POSTMARK_ACCOUNT_TOKEN is set), only when asked:
 *   DELIVERABILITY_REAL_DOMAIN=example.org npx vitest run src/core/mail/deliverability/real-network.test.ts
 * DNS_SERVERS picks the resolvers (default: the system's).
 */
const domain = process.env.DELIVERABILITY_REAL_DOMAIN;

describe.skipIf(!domain)('deliverability check on the real network', () => {
  it(`checks ${domain} within its deadline and explains every result`, { timeout: 30_000 }, async () => {
    const servers = (process.env.DNS_SERVERS ?? '').split(',').filter(Boolean);
    const resolver = createNodeResolver({ servers, lookupTimeoutMs: 4_000, tries: 2 });
    const token = process.env.POSTMARK_ACCOUNT_TOKEN;
    const started = Date.now();
    try {
      const report = await runDeliverabilityCheck(
        {
          resolver,
          account: token ? createPostmarkAccount({ accountToken: token }) : null,
          from: `postmaster@${domain}`,
          dmarcReportsTo: `dmarc@${domain}`,
          dkimSelector: process.env.DKIM_SELECTOR ?? null,
          blocklists: { domainZones: [], ipZones: [], ips: [] },
          timeoutMs: 20_000,
        },
        [{ domain: 'gmail.com', members: 1 }, { domain: 'outlook.com', members: 1 }],
      );
      expect(Date.now() - started).toBeLessThan(22_000);
      const t = translator('en');
      for (const check of report.checks) process.stdout.write(`${check.status.padEnd(7)} ${check.id}: ${checkWhy(t, check)}\n`);
      expect(report.checks.map((check) => check.id).slice(0, 5)).toEqual(['spf', 'dkim', 'dmarc', 'return-path', 'mx']);
      // Google's and Microsoft's own MX records, read live.
      expect(report.recipients.map((group) => group.kind).sort()).toEqual(['google', 'outlook-com']);
    } finally {
      resolver.close();
    }
  });
});

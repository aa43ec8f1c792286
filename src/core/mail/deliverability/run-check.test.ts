import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDnsStandIn, type DnsStandIn } from '../../../../tests/stand-ins/dns.ts';
import { standInDomain, startPostmarkAccountStandIn, type PostmarkAccountStandIn } from '../../../../tests/stand-ins/postmark-account.ts';
import { DELIVERABILITY_ZONES, DKIM_SELECTOR, POSTMARK_DKIM_VALUE } from '../../../../tests/support/deliverability-zones.ts';
import { createPostmarkAccount } from './postmark-account.ts';
import { failingChecks, reportPassed } from './report.ts';
import { createNodeResolver, type DnsResolver } from './resolver.ts';
import { runDeliverabilityCheck, type DeliverabilityDeps } from './run-check.ts';

const TOKEN = 'account-token-for-tests';
let dns: DnsStandIn;
let account: PostmarkAccountStandIn;
let resolver: DnsResolver & { close(): void };

const dkim = { DKIMHost: `${DKIM_SELECTOR}._domainkey.good.test`, DKIMTextValue: POSTMARK_DKIM_VALUE };

beforeAll(async () => {
  dns = await startDnsStandIn(DELIVERABILITY_ZONES);
  resolver = createNodeResolver({ servers: [dns.server], lookupTimeoutMs: 400, tries: 1 });
  // Enough domains that the one looked for is on the second page of 500.
  const filler = Array.from({ length: 500 }, (_, index) => standInDomain(1000 + index, `filler-${index}.test`));
  account = await startPostmarkAccountStandIn({
    token: TOKEN,
    domains: [
      ...filler,
      standInDomain(1, 'good.test', dkim),
      standInDomain(2, 'dkimbad.test', { DKIMHost: `${DKIM_SELECTOR}._domainkey.dkimbad.test`, DKIMTextValue: POSTMARK_DKIM_VALUE }),
      standInDomain(3, 'pending.test', { DKIMVerified: false, ReturnPathDomainVerified: false, DKIMPendingHost: `${DKIM_SELECTOR}._domainkey.good.test`, DKIMPendingTextValue: POSTMARK_DKIM_VALUE }),
    ],
    signatures: [
      { ID: 7, Name: 'Collectif', Domain: 'other.test', EmailAddress: 'bonjour@other.test', ReplyToEmailAddress: '', Confirmed: true },
      { ID: 8, Name: 'Collectif', Domain: 'unconfirmed.test', EmailAddress: 'bonjour@unconfirmed.test', ReplyToEmailAddress: '', Confirmed: false },
    ],
    slowAnswerMs: 3_000,
  });
});
afterEach(() => {
  expect(account.violations).toEqual([]);
});
afterAll(async () => {
  resolver.close();
  await account.close();
  await dns.close();
});

function deps(from: string, overrides: Partial<DeliverabilityDeps> = {}): DeliverabilityDeps {
  return {
    resolver,
    account: createPostmarkAccount({ accountToken: TOKEN, requestHost: account.host, useHttps: false, timeoutSeconds: 5 }),
    from,
    dmarcReportsTo: `dmarc@${from.split('@')[1]!.replace('>', '')}`,
    dkimSelector: null,
    blocklists: { domainZones: [], ipZones: [], ips: [] },
    timeoutMs: 3_000,
    ...overrides,
  };
}

describe('runDeliverabilityCheck', () => {
  it('passes a well set-up domain, every check named, Postmark read with the account token', async () => {
    const report = await runDeliverabilityCheck(deps('Collectif <Bonjour@good.test>'), [{ domain: 'good.test', members: 2 }]);
    expect(report.domain).toBe('good.test');
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ['spf', 'pass'],
      ['dkim', 'pass'],
      ['dmarc', 'pass'],
      ['return-path', 'pass'],
      ['mx', 'pass'],
      ['postmark-domain', 'pass'],
      ['postmark-sender', 'pass'],
    ]);
    expect(reportPassed(report)).toBe(true);
    expect(report.recipients).toEqual([{ kind: 'own-servers', organisation: null, members: 2, domains: [{ domain: 'good.test', members: 2 }] }]);
    expect(account.requests.some((request) => request.url === '/domains?count=500&offset=500')).toBe(true);
  });

  it("fails a key that is not Postmark's, and DMARC then rests on the Return-Path alone", async () => {
    const report = await runDeliverabilityCheck(deps('bonjour@dkimbad.test'), []);
    expect(failingChecks(report)).toEqual(['dkim']);
    expect(report.checks.find((check) => check.id === 'dmarc')?.status).toBe('pass');
  });

  it('compares the pending key of a domain Postmark has not verified yet, and says Postmark is waiting', async () => {
    const report = await runDeliverabilityCheck(deps('bonjour@pending.test', { dkimSelector: null }), []);
    expect(report.checks.find((check) => check.id === 'dkim')).toMatchObject({ why: { params: { host: `${DKIM_SELECTOR}._domainkey.good.test` } } });
    expect(report.checks.find((check) => check.id === 'postmark-domain')).toMatchObject({ status: 'fail', why: { key: 'postmark.dkimNotVerified' } });
    expect(report.checks.find((check) => check.id === 'postmark-sender')).toMatchObject({ status: 'fail', why: { key: 'postmark.noSignature' } });
  });

  it('fails a domain Postmark does not know, and an unconfirmed sender signature', async () => {
    const report = await runDeliverabilityCheck(deps('bonjour@unconfirmed.test'), []);
    expect(report.checks.find((check) => check.id === 'postmark-domain')).toMatchObject({ status: 'fail', why: { key: 'postmark.domainMissing' } });
    expect(report.checks.find((check) => check.id === 'postmark-sender')).toMatchObject({ status: 'fail', why: { key: 'postmark.signatureUnconfirmed' } });
  });

  it("reports Postmark's refusal as not checked", async () => {
    account.answerNextWith('invalid-token');
    const report = await runDeliverabilityCheck(deps('bonjour@good.test'), []);
    expect(report.checks.filter((check) => check.id.startsWith('postmark-')).map((check) => check.status)).toEqual(['unknown', 'unknown']);
    expect(reportPassed(report)).toBe(false);
  });

  it('without the account token: a configured selector is checked for presence only; the verdict can still pass with that warning', async () => {
    const report = await runDeliverabilityCheck(deps('bonjour@good.test', { account: null, dkimSelector: DKIM_SELECTOR }), []);
    expect(report.checks.map((check) => check.id)).toEqual(['spf', 'dkim', 'dmarc', 'return-path', 'mx']);
    expect(report.checks.find((check) => check.id === 'dkim')?.status).toBe('warn');
    expect(reportPassed(report)).toBe(true);
  });

  it('without the token or a selector, DKIM is not checked and the verdict does not pass', async () => {
    const report = await runDeliverabilityCheck(deps('bonjour@good.test', { account: null }), []);
    expect(failingChecks(report)).toEqual(['dkim']);
  });

  it('ends by its deadline when DNS and Postmark never answer, and passes nothing', async () => {
    account.answerNextWith('slow', 'slow');
    const started = Date.now();
    const report = await runDeliverabilityCheck(deps('bonjour@silent.test', { timeoutMs: 800, blocklists: { domainZones: ['quiet.example'], ipZones: [], ips: [] } }), [
      { domain: 'silent.test', members: 4 },
    ]);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(report.outOfTime).toBe(true);
    expect(report.checks.map((check) => `${check.id} ${check.status}`)).toEqual(
      ['spf', 'dkim', 'dmarc', 'return-path', 'mx', 'postmark-domain', 'postmark-sender', 'blocklist:quiet.example'].map((id) => `${id} unknown`),
    );
    expect(report.recipients).toMatchObject([{ kind: 'unknown', members: 4 }]);
  });
});

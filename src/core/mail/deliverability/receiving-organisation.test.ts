import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsStandIn, type DnsStandIn } from '../../../../tests/stand-ins/dns.ts';
import { classifyMxHost, groupRecipientDomains, receivingOrganisation } from './receiving-organisation.ts';
import { createNodeResolver, type DnsResolver } from './resolver.ts';

let dns: DnsStandIn;
let resolver: DnsResolver & { close(): void };

beforeAll(async () => {
  dns = await startDnsStandIn({
    'cegep.test': [{ type: 'MX', data: { preference: 0, exchange: 'cegep-test.mail.protection.outlook.com' } }],
    'gmail.test': [
      { type: 'MX', data: { preference: 20, exchange: 'alt1.gmail-smtp-in.l.google.com' } },
      { type: 'MX', data: { preference: 5, exchange: 'gmail-smtp-in.l.google.com' } },
    ],
    'ulaval.test': [{ type: 'MX', data: { preference: 10, exchange: 'mx1.ulaval.test' } }],
    'asso.test': [{ type: 'MX', data: { preference: 10, exchange: 'mx.hebergeur.test' } }],
    'autre-asso.test': [{ type: 'MX', data: { preference: 10, exchange: 'mx2.hebergeur.test' } }],
    'nomail.test': [{ type: 'MX', data: { preference: 0, exchange: '.' } }],
    'bare.test': [{ type: 'A', data: '192.0.2.10' }],
    'broken.test': 'servfail',
    'slow.test': 'silent',
  });
  resolver = createNodeResolver({ servers: [dns.server], lookupTimeoutMs: 300, tries: 1 });
});
afterAll(async () => {
  resolver.close();
  await dns.close();
});

describe('receivingOrganisation', () => {
  it('names the provider behind the preferred MX', async () => {
    expect(await receivingOrganisation(resolver, 'cegep.test')).toMatchObject({ kind: 'microsoft-365', mxHost: 'cegep-test.mail.protection.outlook.com' });
    expect(await receivingOrganisation(resolver, 'Gmail.test')).toMatchObject({ kind: 'google', mxHost: 'gmail-smtp-in.l.google.com' });
  });

  it('tells a domain that receives its own mail from one hosted elsewhere', async () => {
    expect(await receivingOrganisation(resolver, 'ulaval.test')).toMatchObject({ kind: 'own-servers', organisation: 'ulaval.test' });
    expect(await receivingOrganisation(resolver, 'asso.test')).toMatchObject({ kind: 'other', organisation: 'hebergeur.test' });
  });

  it('says when a domain takes no mail, and why', async () => {
    expect(await receivingOrganisation(resolver, 'nomail.test')).toMatchObject({ kind: 'no-mail', reason: 'null-mx' });
    expect(await receivingOrganisation(resolver, 'bare.test')).toMatchObject({ kind: 'no-mail', reason: 'no-mx' });
    expect(await receivingOrganisation(resolver, 'gone.test')).toMatchObject({ kind: 'no-mail', reason: 'no-such-domain' });
  });

  it('answers "unknown" on SERVFAIL and on a server that never answers, within the deadline', async () => {
    expect(await receivingOrganisation(resolver, 'broken.test')).toMatchObject({ kind: 'unknown' });
    const started = Date.now();
    expect(await receivingOrganisation(resolver, 'slow.test')).toMatchObject({ kind: 'unknown' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('asks once per domain, and again after a failure', async () => {
    await receivingOrganisation(resolver, 'cached.test');
    await receivingOrganisation(resolver, 'cached.test');
    expect(dns.questions.filter((question) => question === 'MX cached.test')).toHaveLength(1);
    await receivingOrganisation(resolver, 'broken.test');
    const asked = dns.questions.filter((question) => question === 'MX broken.test').length;
    await receivingOrganisation(resolver, 'broken.test');
    expect(dns.questions.filter((question) => question === 'MX broken.test').length).toBeGreaterThan(asked);
  });
});

describe('classifyMxHost', () => {
  it.each([
    ['outlook.test', 'outlook-com.olc.protection.outlook.com', 'outlook-com'],
    ['proton.test', 'mail.protonmail.ch', 'proton'],
    ['ovh.test', 'mx1.mail.ovh.net', 'ovh'],
    ['zoho.test', 'mx.zoho.eu', 'zoho'],
    ['yahoo.test', 'mta5.am0.yahoodns.net.', 'yahoo'],
    ['bank.test', 'us-smtp-inbound-1.mimecast.com', 'mimecast'],
    ['uni.test', 'mx0a-001.pphosted.com', 'proofpoint'],
    ['notgoogle.test', 'mx.google.com.evil.test', 'other'],
  ])('%s via %s is %s', (domain, host, kind) => {
    expect(classifyMxHost(domain, host).kind).toBe(kind);
  });
});

describe('groupRecipientDomains', () => {
  it('counts members per receiving organisation, largest first', async () => {
    const groups = await groupRecipientDomains(resolver, [
      { domain: 'gmail.test', members: 3 },
      { domain: 'cegep.test', members: 5 },
      { domain: 'asso.test', members: 1 },
      { domain: 'autre-asso.test', members: 2 },
      { domain: 'broken.test', members: 1 },
    ]);
    expect(groups).toEqual([
      { kind: 'microsoft-365', organisation: null, members: 5, domains: [{ domain: 'cegep.test', members: 5 }] },
      { kind: 'google', organisation: null, members: 3, domains: [{ domain: 'gmail.test', members: 3 }] },
      { kind: 'other', organisation: 'hebergeur.test', members: 3, domains: [{ domain: 'autre-asso.test', members: 2 }, { domain: 'asso.test', members: 1 }] },
      { kind: 'unknown', organisation: null, members: 1, domains: [{ domain: 'broken.test', members: 1 }] },
    ]);
  });
});

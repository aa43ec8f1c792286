import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsStandIn, type DnsStandIn } from '../../../../tests/stand-ins/dns.ts';
import { DELIVERABILITY_ZONES, DKIM_SELECTOR, KEY_P, POSTMARK_DKIM_VALUE } from '../../../../tests/support/deliverability-zones.ts';
import { checkBlocklists } from './blocklist-check.ts';
import { checkDkim } from './dkim-check.ts';
import { checkDmarc } from './dmarc-check.ts';
import { checkSendingMx } from './mx-check.ts';
import { createNodeResolver, resolverUntil, resolveTxtJoined, type DnsResolver } from './resolver.ts';
import { checkReturnPath } from './return-path-check.ts';
import { checkSpf } from './spf-check.ts';

let dns: DnsStandIn;
let resolver: DnsResolver & { close(): void };

beforeAll(async () => {
  dns = await startDnsStandIn(DELIVERABILITY_ZONES);
  resolver = createNodeResolver({ servers: [dns.server], lookupTimeoutMs: 400, tries: 1 });
});
afterAll(async () => {
  resolver.close();
  await dns.close();
});

const expectedDkim = (domain: string) => ({ host: `${DKIM_SELECTOR}._domainkey.${domain}`, value: POSTMARK_DKIM_VALUE });

describe('the resolver port', () => {
  it('joins a TXT record that arrives in chunks', async () => {
    const [record] = await resolveTxtJoined(resolver, `${DKIM_SELECTOR}._domainkey.good.test`);
    expect(record).toBe(`v=DKIM1; k=rsa; p=${KEY_P}`);
    expect(record!.length).toBeGreaterThan(255);
  });

  it('gives up on a server that never answers at its deadline, with ETIMEOUT', async () => {
    const started = Date.now();
    await expect(resolver.resolve('silent.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("bounds every look-up by the whole check's deadline too, and asks nothing once it has passed", async () => {
    const started = Date.now();
    await expect(resolverUntil(resolver, Date.now() + 100).resolve('silent.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(Date.now() - started).toBeLessThan(300);
    const asked = dns.questions.length;
    await expect(resolverUntil(resolver, Date.now() - 1).resolve('good.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(dns.questions.length).toBe(asked);
  });
});

describe('SPF', () => {
  it('passes a record that includes Postmark and stays within 10 look-ups', async () => {
    expect(await checkSpf(resolver, 'good.test', { returnPathAligned: true })).toMatchObject({ status: 'pass', why: { key: 'spf.ok', params: { lookups: 1 } } });
  });

  it('fails 11 look-ups', async () => {
    expect(await checkSpf(resolver, 'eleven.test', { returnPathAligned: true })).toMatchObject({ status: 'fail', why: { key: 'spf.tooManyLookups' } });
  });

  it('fails a record that lets anyone send, and offers the record ending in ~all', async () => {
    expect(await checkSpf(resolver, 'plusall.test', { returnPathAligned: true })).toMatchObject({
      status: 'fail',
      why: { key: 'spf.allowsEveryone' },
      fix: { type: 'TXT', host: 'plusall.test', value: 'v=spf1 include:spf.mtasv.net ~all' },
    });
  });

  it("fails a record without Postmark's include, unless the Return-Path aligns SPF anyway", async () => {
    const fix = { type: 'TXT', host: 'nopostmark.test', value: 'v=spf1 mx include:spf.mtasv.net ~all' };
    expect(await checkSpf(resolver, 'nopostmark.test', { returnPathAligned: false })).toMatchObject({ status: 'fail', why: { key: 'spf.noPostmark' }, fix });
    expect(await checkSpf(resolver, 'nopostmark.test', { returnPathAligned: true })).toMatchObject({ status: 'warn', fix });
  });

  it('fails a domain without SPF and gives the whole record', async () => {
    expect(await checkSpf(resolver, 'nospf.test', { returnPathAligned: true })).toMatchObject({
      status: 'fail',
      why: { key: 'spf.missing' },
      fix: { type: 'TXT', host: 'nospf.test', value: 'v=spf1 include:spf.mtasv.net ~all' },
    });
  });

  it('cannot check through SERVFAIL or silence: unknown, never pass', async () => {
    expect((await checkSpf(resolver, 'servfail.test', { returnPathAligned: true })).status).toBe('unknown');
    expect((await checkSpf(resolver, 'silent.test', { returnPathAligned: true })).status).toBe('unknown');
  });
});

describe('DKIM', () => {
  it('passes the key Postmark expects, published in chunks', async () => {
    expect(await checkDkim(resolver, expectedDkim('good.test'))).toMatchObject({ status: 'pass' });
  });

  it('fails another key, a revoked key and a missing record, with the record to publish', async () => {
    const fix = { type: 'TXT', host: `${DKIM_SELECTOR}._domainkey.dkimbad.test`, value: POSTMARK_DKIM_VALUE };
    expect(await checkDkim(resolver, expectedDkim('dkimbad.test'))).toMatchObject({ status: 'fail', why: { key: 'dkim.mismatch' }, fix });
    expect(await checkDkim(resolver, expectedDkim('dkimrevoked.test'))).toMatchObject({ status: 'fail', why: { key: 'dkim.revoked' } });
    expect(await checkDkim(resolver, expectedDkim('gone.test'))).toMatchObject({ status: 'fail', why: { key: 'dkim.missing' } });
  });

  it('only warns when nothing says which key to expect', async () => {
    expect(await checkDkim(resolver, { host: `${DKIM_SELECTOR}._domainkey.good.test`, value: null })).toMatchObject({ status: 'warn', why: { key: 'dkim.presentNotCompared' } });
    expect(await checkDkim(resolver, null)).toMatchObject({ status: 'unknown' });
  });

  it('is unknown when the server fails or stays silent', async () => {
    expect((await checkDkim(resolver, expectedDkim('servfail.test'))).status).toBe('unknown');
    expect((await checkDkim(resolver, expectedDkim('silent.test'))).status).toBe('unknown');
  });
});

describe('DMARC', () => {
  const aligned = (domain: string) => ({ dkimDomain: domain, returnPathDomain: `pm-bounces.${domain}`, reportsTo: `dmarc@${domain}` });

  it('passes an enforcing policy with reports, aligned through DKIM', async () => {
    expect(await checkDmarc(resolver, 'good.test', aligned('good.test'))).toMatchObject({ status: 'pass', why: { key: 'dmarc.ok', params: { policy: 'quarantine' } } });
  });

  it('aligns through the Return-Path alone too', async () => {
    expect(await checkDmarc(resolver, 'good.test', { ...aligned('good.test'), dkimDomain: null })).toMatchObject({ status: 'pass' });
  });

  it('fails when neither DKIM nor the Return-Path is the From domain', async () => {
    expect(await checkDmarc(resolver, 'good.test', { dkimDomain: null, returnPathDomain: null, reportsTo: 'dmarc@good.test' })).toMatchObject({ status: 'fail', why: { key: 'dmarc.notAligned' } });
  });

  it('with strict alignment, a Return-Path on a subdomain does not align, the DKIM domain itself does', async () => {
    expect(await checkDmarc(resolver, 'strict.test', { ...aligned('strict.test'), dkimDomain: null })).toMatchObject({ status: 'fail', why: { key: 'dmarc.notAligned' } });
    expect(await checkDmarc(resolver, 'strict.test', aligned('strict.test'))).toMatchObject({ status: 'pass', why: { params: { policy: 'reject' } } });
  });

  it('warns about p=none without rua and gives the record with rua', async () => {
    expect(await checkDmarc(resolver, 'dmarcnone.test', aligned('dmarcnone.test'))).toMatchObject({
      status: 'warn',
      why: { key: 'dmarc.noneWithoutRua' },
      fix: { type: 'TXT', host: '_dmarc.dmarcnone.test', value: 'v=DMARC1; p=none; rua=mailto:dmarc@dmarcnone.test' },
    });
  });

  it('fails a missing record', async () => {
    expect(await checkDmarc(resolver, 'nodmarc.test', aligned('nodmarc.test'))).toMatchObject({ status: 'fail', why: { key: 'dmarc.missing' } });
  });

  it('is unknown through a CNAME loop (SERVFAIL), never pass', async () => {
    expect((await checkDmarc(resolver, 'loop.test', aligned('loop.test'))).status).toBe('unknown');
    expect((await checkDmarc(resolver, 'silent.test', aligned('silent.test'))).status).toBe('unknown');
  });
});

describe('Return-Path', () => {
  it("passes a CNAME to Postmark's bounce host", async () => {
    expect(await checkReturnPath(resolver, 'pm-bounces.good.test')).toMatchObject({ status: 'pass' });
  });

  it('fails a missing CNAME, one pointing elsewhere, and a loop', async () => {
    expect(await checkReturnPath(resolver, 'pm-bounces.noreturn.test')).toMatchObject({
      status: 'fail',
      why: { key: 'returnPath.missing' },
      fix: { type: 'CNAME', host: 'pm-bounces.noreturn.test', value: 'pm.mtasv.net' },
    });
    expect(await checkReturnPath(resolver, 'pm-bounces.elsewhere.test')).toMatchObject({ status: 'fail', why: { key: 'returnPath.elsewhere' }, found: 'bounces.other-provider.test' });
    expect(await checkReturnPath(resolver, 'pm-bounces.loop.test')).toMatchObject({ status: 'fail', why: { key: 'returnPath.loop' } });
  });

  it('is unknown on SERVFAIL and silence', async () => {
    expect((await checkReturnPath(resolver, 'pm-bounces.servfail.test')).status).toBe('unknown');
    expect((await checkReturnPath(resolver, 'pm-bounces.silent.test')).status).toBe('unknown');
  });
});

describe('MX of the sending domain', () => {
  it('passes a domain that receives mail and fails one that cannot', async () => {
    expect(await checkSendingMx(resolver, 'good.test')).toMatchObject({ status: 'pass', found: '10 mx.good.test' });
    expect(await checkSendingMx(resolver, 'nullmx.test')).toMatchObject({ status: 'fail', why: { key: 'mx.nullMx' } });
    expect(await checkSendingMx(resolver, 'gone.test')).toMatchObject({ status: 'fail', why: { key: 'mx.noDomain' } });
    expect(await checkSendingMx(resolver, 'pm.mtasv.net')).toMatchObject({ status: 'warn', why: { key: 'mx.none' } });
    expect((await checkSendingMx(resolver, 'servfail.test')).status).toBe('unknown');
  });
});

describe('blocklists', () => {
  it('reports a listed domain or address, a clear one, and a list that refused to answer', async () => {
    const checks = await checkBlocklists(resolver, 'listed.test', { domainZones: ['dbl.example'], ipZones: ['zen.example'], ips: ['50.31.156.6', '50.31.156.7'] });
    expect(checks).toMatchObject([
      { id: 'blocklist:dbl.example', status: 'fail', why: { params: { listed: 'listed.test' } } },
      { id: 'blocklist:zen.example', status: 'fail', why: { params: { listed: '50.31.156.6' } } },
    ]);
    expect(await checkBlocklists(resolver, 'good.test', { domainZones: ['dbl.example', 'refusing.example'], ipZones: [], ips: [] })).toMatchObject([
      { id: 'blocklist:dbl.example', status: 'pass' },
      { id: 'blocklist:refusing.example', status: 'unknown' },
    ]);
  });

  it('asks nothing when no list is configured', async () => {
    expect(await checkBlocklists(resolver, 'good.test', { domainZones: [], ipZones: [], ips: [] })).toEqual([]);
  });
});

import type { StandInRecord, StandInZones } from '../stand-ins/dns.ts';

/**
 * DNS zones for the deliverability check's tests: one good sending domain and
 * one broken or borderline domain per rule. Keys are not real keys, only long
 * enough (a 2048-bit key's size) to arrive in several TXT chunks, as they do.
 */
export const KEY_P = `MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA${'QmFzZTY0S2V5'.repeat(28)}IDAQAB`;
export const OTHER_KEY_P = `MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA${'T3RoZXJLZXkx'.repeat(28)}IDAQAB`;
export const DKIM_SELECTOR = '20240101pm';
export const POSTMARK_DKIM_VALUE = `k=rsa;p=${KEY_P}`;

/** A TXT record the way DNS hosts publish long values: 255-byte chunks. */
function chunked(value: string): StandInRecord {
  const chunks: string[] = [];
  for (let at = 0; at < value.length; at += 255) chunks.push(value.slice(at, at + 255));
  return { type: 'TXT', data: chunks };
}

export function sendingDomain(domain: string, overrides: Partial<Record<'spf' | 'dkim' | 'dmarc' | 'returnPath' | 'mx', StandInRecord[] | null>> = {}): StandInZones {
  const pick = (key: keyof typeof overrides, fallback: StandInRecord[]) => (key in overrides ? overrides[key] : fallback);
  const zones: StandInZones = {};
  const apex = [...(pick('spf', [{ type: 'TXT', data: 'v=spf1 include:spf.mtasv.net ~all' }]) ?? []), ...(pick('mx', [{ type: 'MX', data: { preference: 10, exchange: `mx.${domain}` } }]) ?? [])];
  zones[domain] = [...apex, { type: 'TXT', data: 'google-site-verification=abc' }];
  const dkim = pick('dkim', [chunked(`v=DKIM1; k=rsa; p=${KEY_P}`)]);
  if (dkim) zones[`${DKIM_SELECTOR}._domainkey.${domain}`] = dkim;
  const dmarc = pick('dmarc', [{ type: 'TXT', data: `v=DMARC1; p=quarantine; rua=mailto:dmarc@${domain}` }]);
  if (dmarc) zones[`_dmarc.${domain}`] = dmarc;
  const returnPath = pick('returnPath', [{ type: 'CNAME', data: 'pm.mtasv.net' }]);
  if (returnPath) zones[`pm-bounces.${domain}`] = returnPath;
  return zones;
}

const elevenIncludes = Array.from({ length: 11 }, (_, index) => `include:s${index + 1}.eleven.test`);

export const DELIVERABILITY_ZONES: StandInZones = {
  'spf.mtasv.net': [{ type: 'TXT', data: 'v=spf1 ip4:50.31.156.0/24 ip4:104.245.209.192/26 -all' }],
  'pm.mtasv.net': [{ type: 'A', data: '50.31.156.6' }],
  ...sendingDomain('good.test'),
  ...sendingDomain('eleven.test', { spf: [{ type: 'TXT', data: `v=spf1 ${elevenIncludes.join(' ')} include:spf.mtasv.net ~all` }] }),
  ...Object.fromEntries(elevenIncludes.map((include) => [include.slice('include:'.length), [{ type: 'TXT', data: 'v=spf1 -all' } as StandInRecord]])),
  ...sendingDomain('plusall.test', { spf: [{ type: 'TXT', data: 'v=spf1 include:spf.mtasv.net +all' }] }),
  ...sendingDomain('nopostmark.test', { spf: [{ type: 'TXT', data: 'v=spf1 mx ~all' }] }),
  ...sendingDomain('nopostmark-noreturn.test', { spf: [{ type: 'TXT', data: 'v=spf1 mx ~all' }], returnPath: null }),
  ...sendingDomain('nospf.test', { spf: null }),
  ...sendingDomain('dkimbad.test', { dkim: [chunked(`v=DKIM1; k=rsa; p=${OTHER_KEY_P}`)] }),
  ...sendingDomain('dkimrevoked.test', { dkim: [{ type: 'TXT', data: 'v=DKIM1; k=rsa; p=' }] }),
  ...sendingDomain('dmarcnone.test', { dmarc: [{ type: 'TXT', data: 'v=DMARC1; p=none' }] }),
  ...sendingDomain('nodmarc.test', { dmarc: null }),
  ...sendingDomain('strict.test', { dmarc: [{ type: 'TXT', data: 'v=DMARC1; p=reject; adkim=s; aspf=s; rua=mailto:dmarc@strict.test' }] }),
  ...sendingDomain('noreturn.test', { returnPath: null }),
  ...sendingDomain('elsewhere.test', { returnPath: [{ type: 'CNAME', data: 'bounces.other-provider.test' }] }),
  'bounces.other-provider.test': [{ type: 'A', data: '192.0.2.40' }],
  ...sendingDomain('loop.test', { returnPath: [{ type: 'CNAME', data: 'hop.loop.test' }], dmarc: [{ type: 'CNAME', data: '_dmarc2.loop.test' }] }),
  'hop.loop.test': [{ type: 'CNAME', data: 'pm-bounces.loop.test' }],
  '_dmarc2.loop.test': [{ type: 'CNAME', data: '_dmarc.loop.test' }],
  ...sendingDomain('nullmx.test', { mx: [{ type: 'MX', data: { preference: 0, exchange: '.' } }] }),
  'servfail.test': 'servfail',
  [`${DKIM_SELECTOR}._domainkey.servfail.test`]: 'servfail',
  '_dmarc.servfail.test': 'servfail',
  'pm-bounces.servfail.test': 'servfail',
  'silent.test': 'silent',
  [`${DKIM_SELECTOR}._domainkey.silent.test`]: 'silent',
  '_dmarc.silent.test': 'silent',
  'pm-bounces.silent.test': 'silent',
  // Blocklists: listed, clear (no record), and a list refusing the query (Spamhaus's 127.255.255.254).
  'listed.test.dbl.example': [{ type: 'A', data: '127.0.1.2' }],
  '6.156.31.50.zen.example': [{ type: 'A', data: '127.0.0.2' }],
  'good.test.refusing.example': [{ type: 'A', data: '127.255.255.254' }],
  'silent.test.quiet.example': 'silent',
  ...sendingDomain('listed.test'),
};

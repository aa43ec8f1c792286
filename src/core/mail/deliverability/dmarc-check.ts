import { dmarc } from 'mailauth';
import { result, type CheckResult } from './check-result.ts';
import type { DnsResolver } from './resolver.ts';

function dmarcTags(record: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of record.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) tags.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  return tags;
}

function recordText(tags: Map<string, string>): string {
  return [...tags].map(([key, value]) => `${key}=${value}`).join('; ');
}

/**
 * DMARC as receivers apply it, by mailauth (the record at the From domain or
 * its organisational domain, and relaxed alignment): mail from Postmark aligns
 * through its DKIM signature when the domain's key is published, and through
 * SPF when the Return-Path is the domain's own. Gmail, Yahoo and Outlook.com
 * want a record (p=none at least); reports (rua) show who else sends as you.
 * mailauth treats adkim=s/aspf=s as relaxed, so strict modes are checked here.
 */
export async function checkDmarc(
  resolver: DnsResolver,
  domain: string,
  sending: { dkimDomain: string | null; returnPathDomain: string | null; reportsTo: string },
): Promise<CheckResult> {
  const suggested = `v=DMARC1; p=none; rua=mailto:${sending.reportsTo}`;
  const fix = { type: 'TXT' as const, host: `_dmarc.${domain}`, value: suggested };
  const evaluated = await dmarc({
    headerFrom: `postmaster@${domain}`,
    spfDomains: sending.returnPathDomain ? [sending.returnPathDomain] : [],
    dkimDomains: sending.dkimDomain ? [{ domain: sending.dkimDomain }] : [],
    resolver: (name: string, type: string) => resolver.resolve(name, type) as Promise<string[][] | string[]>,
  });
  if (!evaluated || evaluated.status.result === 'none') return result('dmarc', 'fail', 'dmarc.missing', { fix });
  if (evaluated.status.result === 'temperror') return result('dmarc', 'unknown', 'couldNotCheck', { params: { detail: `_dmarc.${domain}` } });
  const found = evaluated.rr;
  const tags = dmarcTags(found ?? '');
  const strictDkim = tags.get('adkim') === 's';
  const strictSpf = tags.get('aspf') === 's';
  const dkimAligned = Boolean(evaluated.alignment.dkim.result) && (!strictDkim || sending.dkimDomain === domain);
  const spfAligned = Boolean(evaluated.alignment.spf.result) && (!strictSpf || sending.returnPathDomain === domain);
  if (!dkimAligned && !spfAligned) return result('dmarc', 'fail', 'dmarc.notAligned', { params: { domain }, found });
  const policy = (evaluated.policy ?? tags.get('p') ?? '').toLowerCase();
  const rua = tags.get('rua');
  if (!rua) {
    const withRua = new Map(tags);
    withRua.set('rua', `mailto:${sending.reportsTo}`);
    return result('dmarc', 'warn', policy === 'none' ? 'dmarc.noneWithoutRua' : 'dmarc.noRua', { found, fix: { ...fix, value: recordText(withRua) } });
  }
  if (policy === 'none') return result('dmarc', 'warn', 'dmarc.monitoringOnly', { found });
  return result('dmarc', 'pass', 'dmarc.ok', { params: { policy }, found });
}

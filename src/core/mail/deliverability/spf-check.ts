import { spf } from 'mailauth';
import { result, type CheckResult } from './check-result.ts';
import type { DnsResolver } from './resolver.ts';

export const POSTMARK_SPF_INCLUDE = 'spf.mtasv.net';
/** TEST-NET-1 (RFC 5737): no one sends mail from it, so a record that lets it pass lets anyone pass. */
const NOBODY = '192.0.2.1';

/** The domain's record with Postmark's include added before its final "all" (or a fresh record). */
function recordWithPostmark(current: string | undefined): string {
  if (!current) return `v=spf1 include:${POSTMARK_SPF_INCLUDE} ~all`;
  const terms = current.trim().split(/\s+/);
  if (terms.some((term) => /^\+?include:spf\.mtasv\.net$/i.test(term))) return terms.join(' ');
  const all = terms.findIndex((term) => /^[-~?+]?all$/i.test(term) || /^redirect=/i.test(term));
  const include = `include:${POSTMARK_SPF_INCLUDE}`;
  return (all < 0 ? [...terms, include] : [...terms.slice(0, all), include, ...terms.slice(all)]).join(' ');
}

/**
 * SPF as receivers evaluate it, by mailauth: the record is evaluated for an
 * address nobody sends from, which walks every include (counting the DNS
 * look-ups RFC 7208 caps at 10) and shows whether the record lets anyone pass.
 * Postmark's include is looked for in the domain's own record, where Postmark
 * asks for it. With a custom Return-Path, receivers check SPF on that domain
 * instead, so a missing include is then only a warning.
 */
export async function checkSpf(resolver: DnsResolver, domain: string, options: { returnPathAligned: boolean }): Promise<CheckResult> {
  const evaluated = await spf({
    sender: `postmaster@${domain}`,
    ip: NOBODY,
    helo: domain,
    mta: 'passerelle',
    resolver: (name: string, type: string) => resolver.resolve(name, type) as Promise<string[][] | string[]>,
  });
  const record = typeof evaluated.rr === 'string' ? evaluated.rr : undefined;
  const fix = { type: 'TXT' as const, host: domain, value: recordWithPostmark(record) };
  const lookups = evaluated.lookups?.count ?? 0;
  const found = record;
  switch (evaluated.status.result) {
    case 'none':
      return result('spf', 'fail', 'spf.missing', { fix });
    case 'temperror':
      return result('spf', 'unknown', 'couldNotCheck', { params: { detail: 'SPF' }, found });
    case 'permerror':
      if (/too many dns requests/i.test(evaluated.status.comment ?? '')) {
        return result('spf', 'fail', 'spf.tooManyLookups', { params: { limit: 10 }, found });
      }
      return result('spf', 'fail', 'spf.invalid', { params: { detail: (evaluated.status.comment ?? '').replace(/^passerelle: /, '') }, found, fix });
    case 'pass':
      return result('spf', 'fail', 'spf.allowsEveryone', { found, fix: { ...fix, value: fix.value.replace(/\s[+?]?all$/i, ' ~all') } });
  }
  const includesPostmark = (record ?? '').toLowerCase().split(/\s+/).some((term) => term === `include:${POSTMARK_SPF_INCLUDE}` || term === `+include:${POSTMARK_SPF_INCLUDE}`);
  if (!includesPostmark) return result('spf', options.returnPathAligned ? 'warn' : 'fail', options.returnPathAligned ? 'spf.noPostmarkButReturnPath' : 'spf.noPostmark', { found, fix });
  return result('spf', 'pass', 'spf.ok', { params: { lookups }, found });
}

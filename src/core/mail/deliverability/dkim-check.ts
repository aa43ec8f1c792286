import { result, type CheckResult } from './check-result.ts';
import { lookupFailure, resolveTxtJoined, type DnsResolver } from './resolver.ts';

/** A DKIM key record's tags (RFC 6376 §3.6.1): "k=rsa; p=MIGf…", spaces allowed anywhere. */
function dkimTags(record: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of record.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) tags.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).replace(/\s+/g, ''));
  }
  return tags;
}

/**
 * Postmark signs with a key whose public half must be published at its
 * selector (e.g. `20240101pm._domainkey.example.org`). The key published is
 * compared with the one Postmark gives (Domains API); without an account token,
 * a configured selector can only be checked for presence.
 */
export async function checkDkim(resolver: DnsResolver, expected: { host: string; value: string } | { host: string; value: null } | null): Promise<CheckResult> {
  if (!expected) return result('dkim', 'unknown', 'dkim.noExpectation');
  let records: string[];
  try {
    records = await resolveTxtJoined(resolver, expected.host);
  } catch (error) {
    if (lookupFailure(error) === 'could-not-check') return result('dkim', 'unknown', 'couldNotCheck', { params: { detail: expected.host } });
    records = [];
  }
  const fix = expected.value === null ? undefined : { type: 'TXT' as const, host: expected.host, value: expected.value };
  const keys = records.map(dkimTags).filter((tags) => tags.has('p'));
  if (keys.length === 0) return result('dkim', 'fail', 'dkim.missing', { params: { host: expected.host }, ...(fix ? { fix } : {}) });
  const found = records.join(' | ');
  if (keys.length > 1) return result('dkim', 'fail', 'dkim.several', { params: { host: expected.host }, found, ...(fix ? { fix } : {}) });
  const published = keys[0]!.get('p')!;
  if (published === '') return result('dkim', 'fail', 'dkim.revoked', { params: { host: expected.host }, found, ...(fix ? { fix } : {}) });
  if (expected.value === null) return result('dkim', 'warn', 'dkim.presentNotCompared', { params: { host: expected.host }, found });
  if (published !== dkimTags(expected.value).get('p')) return result('dkim', 'fail', 'dkim.mismatch', { params: { host: expected.host }, found, fix: fix! });
  return result('dkim', 'pass', 'dkim.ok', { params: { host: expected.host } });
}

import { result, type CheckResult } from './check-result.ts';
import { lookupFailure, type DnsResolver } from './resolver.ts';

/**
 * Receivers refuse or distrust mail whose sending domain cannot receive any
 * (no domain, or a null MX): replies and reports have nowhere to go.
 */
export async function checkSendingMx(resolver: DnsResolver, domain: string): Promise<CheckResult> {
  try {
    const records = await resolver.resolve(domain, 'MX');
    const hosts = records.filter((record) => record.exchange !== '' && record.exchange !== '.').sort((a, b) => a.priority - b.priority);
    if (hosts.length === 0) return result('mx', 'fail', 'mx.nullMx', { params: { domain } });
    return result('mx', 'pass', 'mx.ok', { params: { domain }, found: hosts.map((record) => `${record.priority} ${record.exchange}`).join(', ') });
  } catch (error) {
    const failure = lookupFailure(error);
    if (failure === 'no-such-domain') return result('mx', 'fail', 'mx.noDomain', { params: { domain } });
    if (failure === 'no-record') return result('mx', 'warn', 'mx.none', { params: { domain } });
    return result('mx', 'unknown', 'couldNotCheck', { params: { detail: domain } });
  }
}

import { isIPv4 } from 'node:net';
import { result, type CheckResult } from './check-result.ts';
import { lookupFailure, type DnsResolver } from './resolver.ts';

/**
 * DNS-based blocklists (Spamhaus DBL/ZEN and similar). Off unless the operator
 * names zones: their terms restrict use (Spamhaus refuses queries through
 * public resolvers and from large senders, and answers 127.255.255.x then).
 * Domain lists are asked about the sending domain, IP lists about the sending
 * addresses given (Postmark's shared pool or a dedicated IP).
 */
export interface BlocklistSettings {
  domainZones: string[];
  ipZones: string[];
  ips: string[];
}

/** A listing is any 127.0.0.0/8 answer, except the codes lists use to refuse a query (Spamhaus: 127.255.255.x, DBL 127.0.1.255). */
function refusal(answer: string): boolean {
  return answer.startsWith('127.255.255.') || answer === '127.0.1.255';
}

async function ask(resolver: DnsResolver, name: string): Promise<'clear' | 'listed' | 'unknown'> {
  try {
    const answers = await resolver.resolve(name, 'A');
    if (answers.some(refusal)) return 'unknown';
    return answers.some((answer) => answer.startsWith('127.')) ? 'listed' : 'unknown';
  } catch (error) {
    return lookupFailure(error) === 'could-not-check' ? 'unknown' : 'clear';
  }
}

async function checkZone(resolver: DnsResolver, zone: string, targets: { shown: string; query: string }[]): Promise<CheckResult> {
  const id = `blocklist:${zone}` as const;
  if (targets.length === 0) return result(id, 'unknown', 'blocklist.nothingToAsk', { params: { zone } });
  const outcomes = await Promise.all(targets.map(async (target) => ({ target: target.shown, outcome: await ask(resolver, `${target.query}.${zone}`) })));
  const listed = outcomes.filter((entry) => entry.outcome === 'listed').map((entry) => entry.target);
  if (listed.length > 0) return result(id, 'fail', 'blocklist.listed', { params: { zone, listed: listed.join(', ') } });
  const unknown = outcomes.filter((entry) => entry.outcome === 'unknown').map((entry) => entry.target);
  if (unknown.length > 0) return result(id, 'unknown', 'blocklist.couldNotAsk', { params: { zone, targets: unknown.join(', ') } });
  return result(id, 'pass', 'blocklist.clear', { params: { zone, targets: targets.map((target) => target.shown).join(', ') } });
}

export async function checkBlocklists(resolver: DnsResolver, domain: string, settings: BlocklistSettings): Promise<CheckResult[]> {
  const ipTargets = settings.ips.filter((ip) => isIPv4(ip)).map((ip) => ({ shown: ip, query: ip.split('.').reverse().join('.') }));
  return Promise.all([
    ...settings.domainZones.map((zone) => checkZone(resolver, zone, [{ shown: domain, query: domain }])),
    ...settings.ipZones.map((zone) => checkZone(resolver, zone, ipTargets)),
  ]);
}

import { getDomain } from 'tldts';
import { lookupFailure, type DnsResolver, type MxRecord } from './resolver.ts';

/**
 * Who receives a domain's mail, read from its MX records. Institutions behind
 * Microsoft 365 or their own filtering gateways quarantine unfamiliar bulk mail
 * without a bounce, so the people at those domains are the ones to watch.
 */
export const RECEIVER_KINDS = [
  'microsoft-365',
  'outlook-com',
  'google',
  'yahoo',
  'icloud',
  'proton',
  'ovh',
  'zoho',
  'fastmail',
  'mimecast',
  'proofpoint',
  'barracuda',
  'own-servers',
  'other',
  'no-mail',
  'unknown',
] as const;
export type ReceiverKind = (typeof RECEIVER_KINDS)[number];

export interface ReceivingOrganisation {
  kind: ReceiverKind;
  /** The registrable domain of the preferred MX host (e.g. "ulaval.ca"): names "other" and "own-servers" receivers. */
  organisation: string | null;
  mxHost: string | null;
  /** For "no-mail": the domain does not exist, refuses all mail (null MX), or has no MX record. */
  reason?: 'no-such-domain' | 'null-mx' | 'no-mx';
}

/** Suffixes of MX hosts, most specific first. */
const PROVIDERS: [suffix: string, kind: ReceiverKind][] = [
  ['.mail.protection.outlook.com', 'microsoft-365'],
  ['.mail.protection.outlook.de', 'microsoft-365'],
  ['.olc.protection.outlook.com', 'outlook-com'],
  ['.google.com', 'google'],
  ['.googlemail.com', 'google'],
  ['.yahoodns.net', 'yahoo'],
  ['.mail.icloud.com', 'icloud'],
  ['.protonmail.ch', 'proton'],
  ['.proton.ch', 'proton'],
  ['.ovh.net', 'ovh'],
  ['.zoho.com', 'zoho'],
  ['.zoho.eu', 'zoho'],
  ['.zoho.in', 'zoho'],
  ['.zohomail.com', 'zoho'],
  ['.messagingengine.com', 'fastmail'],
  ['.mimecast.com', 'mimecast'],
  ['.mimecast.co.za', 'mimecast'],
  ['.pphosted.com', 'proofpoint'],
  ['.ppe-hosted.com', 'proofpoint'],
  ['.barracudanetworks.com', 'barracuda'],
];

/** Receivers known to quarantine unauthenticated or unfamiliar bulk mail without telling the sender. */
export const SILENT_QUARANTINE_RISK: ReadonlySet<ReceiverKind> = new Set(['microsoft-365', 'outlook-com', 'own-servers', 'mimecast', 'proofpoint', 'barracuda']);

export function classifyMxHost(domain: string, mxHost: string): ReceivingOrganisation {
  const host = mxHost.toLowerCase().replace(/\.$/, '');
  for (const [suffix, kind] of PROVIDERS) {
    if (`.${host}`.endsWith(suffix)) return { kind, organisation: null, mxHost: host };
  }
  const organisation = getDomain(host) ?? host;
  const own = organisation === (getDomain(domain) ?? domain);
  return { kind: own ? 'own-servers' : 'other', organisation, mxHost: host };
}

/** Answers are kept an hour per resolver: a campaign asks for the same few domains over and over. */
const CACHE_MS = 60 * 60 * 1000;
const caches = new WeakMap<DnsResolver, Map<string, { at: number; answer: Promise<ReceivingOrganisation> }>>();

/**
 * The organisation that receives `domain`'s mail. Never throws: a look-up that
 * fails or times out gives "unknown", which is not remembered, so the next ask
 * tries again.
 */
export function receivingOrganisation(resolver: DnsResolver, domain: string, now: () => number = Date.now): Promise<ReceivingOrganisation> {
  const name = domain.trim().toLowerCase().replace(/\.$/, '');
  let cache = caches.get(resolver);
  if (!cache) caches.set(resolver, (cache = new Map()));
  const cached = cache.get(name);
  if (cached && now() - cached.at < CACHE_MS) return cached.answer;
  const answer = lookUpReceiver(resolver, name);
  cache.set(name, { at: now(), answer });
  void answer.then((found) => {
    if (found.kind === 'unknown') cache.delete(name);
  });
  return answer;
}

async function lookUpReceiver(resolver: DnsResolver, domain: string): Promise<ReceivingOrganisation> {
  let records: MxRecord[];
  try {
    records = await resolver.resolve(domain, 'MX');
  } catch (error) {
    const failure = lookupFailure(error);
    if (failure === 'could-not-check') return { kind: 'unknown', organisation: null, mxHost: null };
    // Without MX, servers fall back to the domain's own address (RFC 5321 §5.1): it is its own receiver, if any.
    return { kind: 'no-mail', organisation: null, mxHost: null, reason: failure === 'no-such-domain' ? 'no-such-domain' : 'no-mx' };
  }
  const preferred = [...records].sort((a, b) => a.priority - b.priority).find((record) => record.exchange !== '' && record.exchange !== '.');
  // RFC 7505: a single MX with an empty host says the domain accepts no mail at all.
  if (!preferred) return { kind: 'no-mail', organisation: null, mxHost: null, reason: records.length > 0 ? 'null-mx' : 'no-mx' };
  return classifyMxHost(domain, preferred.exchange);
}

/**
 * The name campaigns and the stuck-members view group a domain under: big
 * providers are one receiver whatever the domain; "unknown" and "no-mail" say
 * nothing shared, so the domain stands alone.
 */
export function organisationName(found: ReceivingOrganisation, domain: string): string {
  if (found.kind === 'other' || found.kind === 'own-servers') return found.organisation ?? domain;
  if (found.kind === 'unknown' || found.kind === 'no-mail') return domain;
  return found.kind;
}

export interface ReceiverGroup {
  kind: ReceiverKind;
  organisation: string | null;
  /** Members whose address is at one of these domains. */
  members: number;
  domains: { domain: string; members: number }[];
}

/**
 * Members' address domains grouped by who receives their mail, biggest group
 * first. Only domains and counts: nothing here names a member.
 */
export async function groupRecipientDomains(
  resolver: DnsResolver,
  domainCounts: { domain: string; members: number }[],
  options: { concurrency?: number } = {},
): Promise<ReceiverGroup[]> {
  const found = new Array<ReceivingOrganisation>(domainCounts.length);
  let next = 0;
  const worker = async () => {
    while (next < domainCounts.length) {
      const index = next++;
      found[index] = await receivingOrganisation(resolver, domainCounts[index]!.domain);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, domainCounts.length) }, worker));
  const groups = new Map<string, ReceiverGroup>();
  domainCounts.forEach(({ domain, members }, index) => {
    const receiver = found[index]!;
    const organisation = receiver.kind === 'other' ? receiver.organisation : null;
    const key = `${receiver.kind}:${organisation ?? ''}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { kind: receiver.kind, organisation, members: 0, domains: [] }));
    group.members += members;
    group.domains.push({ domain, members });
  });
  const sorted = [...groups.values()];
  for (const group of sorted) group.domains.sort((a, b) => b.members - a.members || a.domain.localeCompare(b.domain));
  return sorted.sort((a, b) => b.members - a.members || a.kind.localeCompare(b.kind) || (a.organisation ?? '').localeCompare(b.organisation ?? ''));
}

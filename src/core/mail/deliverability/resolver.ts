import { Resolver } from 'node:dns/promises';

/**
 * Every DNS question the deliverability check asks goes through this one port.
 * Answers keep node:dns's shapes, which is also what mailauth's SPF and DMARC
 * code expects from a custom resolver; failures keep node:dns's error codes
 * (ENOTFOUND, ENODATA, ESERVFAIL, ETIMEOUT…) for the same reason.
 */
export interface MxRecord {
  exchange: string;
  priority: number;
}

export interface DnsResolver {
  resolve(name: string, type: 'TXT'): Promise<string[][]>;
  resolve(name: string, type: 'MX'): Promise<MxRecord[]>;
  resolve(name: string, type: 'A' | 'AAAA' | 'CNAME' | 'NS' | 'PTR'): Promise<string[]>;
  resolve(name: string, type: string): Promise<unknown>;
}

export interface ResolverSettings {
  /** "ip" or "ip:port" (IPv6 as "[ip]:port"); empty: the system's resolvers. */
  servers: string[];
  /** Each look-up gives up after this long, whatever the library's own retries do. */
  lookupTimeoutMs: number;
  tries: number;
}

export const DEFAULT_RESOLVER_SETTINGS: ResolverSettings = { servers: [], lookupTimeoutMs: 4_000, tries: 2 };

/** What a failed look-up says about the name, as far as a check is concerned. */
export type LookupFailure = 'no-such-domain' | 'no-record' | 'could-not-check';

export function lookupFailure(error: unknown): LookupFailure {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOTFOUND') return 'no-such-domain';
  if (code === 'ENODATA') return 'no-record';
  // SERVFAIL (a CNAME loop, a broken zone), timeouts, refusals: the answer is unknown, never "fine".
  return 'could-not-check';
}

export function dnsError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

/**
 * The production adapter: node:dns's own Resolver (c-ares), with the operator's
 * servers. c-ares retries with a growing delay, so a look-up also races its own
 * deadline: past it, the answer is ETIMEOUT however far c-ares has got.
 */
export function createNodeResolver(settings: ResolverSettings): DnsResolver & { close(): void } {
  const resolver = new Resolver({ timeout: Math.max(1, Math.floor(settings.lookupTimeoutMs / Math.max(1, settings.tries))), tries: settings.tries });
  if (settings.servers.length > 0) resolver.setServers(settings.servers);
  const bounded = withDeadline((name, type) => resolver.resolve(name, type) as Promise<unknown>, settings.lookupTimeoutMs);
  return {
    resolve: bounded as DnsResolver['resolve'],
    // Ends the queries still waiting in c-ares (a check that ran out of time), so the process is free to exit.
    close: () => resolver.cancel(),
  };
}

type RawLookup = (name: string, type: string) => Promise<unknown>;

function withDeadline(lookup: RawLookup, timeoutMs: number | (() => number)): RawLookup {
  return (name, type) => {
    const allowed = typeof timeoutMs === 'number' ? timeoutMs : timeoutMs();
    if (allowed <= 0) return Promise.reject(dnsError('ETIMEOUT', `no time left to look up ${type} ${name}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(dnsError('ETIMEOUT', `${type} ${name} did not answer within ${allowed} ms`)), allowed);
      lookup(name, type).then(
        (answer) => {
          clearTimeout(timer);
          resolve(answer);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  };
}

/**
 * The same resolver, bounded by a whole check's deadline: a look-up started
 * near the end gets only the time left, and one started after it fails at once.
 */
export function resolverUntil(resolver: DnsResolver, deadline: number, now: () => number = Date.now): DnsResolver {
  return { resolve: withDeadline((name, type) => resolver.resolve(name, type), () => deadline - now()) as DnsResolver['resolve'] };
}

/** TXT records as published: a record longer than 255 bytes comes in chunks, which make one string. */
export async function resolveTxtJoined(resolver: DnsResolver, name: string): Promise<string[]> {
  return (await resolver.resolve(name, 'TXT')).map((chunks) => chunks.join(''));
}

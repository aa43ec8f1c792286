import { result, type CheckResult } from './check-result.ts';
import { lookupFailure, type DnsResolver } from './resolver.ts';

export const POSTMARK_RETURN_PATH_TARGET = 'pm.mtasv.net';
const MAX_CHAIN = 8;

const bare = (name: string) => name.toLowerCase().replace(/\.$/, '');

/**
 * A custom Return-Path (`pm-bounces.<domain>` CNAME `pm.mtasv.net`) puts the
 * sending domain in the envelope, so SPF aligns with From for DMARC and bounces
 * come back to Postmark. A chain of CNAMEs is followed to tell a loop from a
 * record pointing elsewhere.
 */
export async function checkReturnPath(resolver: DnsResolver, host: string, target: string = POSTMARK_RETURN_PATH_TARGET): Promise<CheckResult> {
  const fix = { type: 'CNAME' as const, host, value: target };
  const seen = [bare(host)];
  for (;;) {
    let answers: string[];
    try {
      answers = await resolver.resolve(seen.at(-1)!, 'CNAME');
    } catch (error) {
      const failure = lookupFailure(error);
      if (failure === 'could-not-check') return result('return-path', 'unknown', 'couldNotCheck', { params: { detail: host } });
      answers = [];
    }
    const next = answers[0] === undefined ? undefined : bare(answers[0]);
    if (seen.length === 1 && next === undefined) return result('return-path', 'fail', 'returnPath.missing', { params: { host }, fix });
    if (seen.length === 1 && next === bare(target)) return result('return-path', 'pass', 'returnPath.ok', { params: { host, target } });
    if (next === undefined || seen.length > MAX_CHAIN) return result('return-path', 'fail', 'returnPath.elsewhere', { params: { host, target }, found: seen.slice(1).join(' → '), fix });
    if (seen.includes(next)) return result('return-path', 'fail', 'returnPath.loop', { params: { host }, found: [...seen, next].join(' → '), fix });
    seen.push(next);
  }
}

import { checkBlocklists, type BlocklistSettings } from './blocklist-check.ts';
import { result, type CheckId, type CheckResult } from './check-result.ts';
import { checkDkim } from './dkim-check.ts';
import { checkDmarc } from './dmarc-check.ts';
import { checkSendingMx } from './mx-check.ts';
import type { PostmarkAccount, PostmarkDomainDetails, PostmarkSenderSignature } from './postmark-account.ts';
import { checkPostmarkDomain, checkSenderSignature } from './postmark-checks.ts';
import { groupRecipientDomains, type ReceiverGroup } from './receiving-organisation.ts';
import type { DeliverabilityReport } from './report.ts';
import { resolverUntil, type DnsResolver } from './resolver.ts';
import { checkReturnPath, POSTMARK_RETURN_PATH_TARGET } from './return-path-check.ts';
import { checkSpf } from './spf-check.ts';

export interface DeliverabilityDeps {
  resolver: DnsResolver;
  /** Postmark's account API, when POSTMARK_ACCOUNT_TOKEN is set. */
  account: PostmarkAccount | null;
  /** The sender's address; its domain is the one checked. */
  from: string;
  /** Where DMARC aggregate reports should go (an address at the sending domain). */
  dmarcReportsTo: string;
  /** Without the account API, the DKIM selector to look for (e.g. "20240101pm"): presence only. */
  dkimSelector: string | null;
  blocklists: BlocklistSettings;
  /** The whole check, every look-up and API call included, ends by then. */
  timeoutMs: number;
  now?: () => number;
}

type AccountView = { details: PostmarkDomainDetails | null; signatures: PostmarkSenderSignature[] } | 'unreachable' | null;

/** Settles with `fallback` once the deadline passes (or `work` fails), whatever `work` is still waiting for. */
function beforeDeadline<T>(work: Promise<T>, deadline: number, now: () => number, fallback: (timedOut: boolean) => T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback(true)), Math.max(0, deadline - now()));
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback(false));
      },
    );
  });
}

export function sendingDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.slice(address.lastIndexOf('@') + 1).trim().toLowerCase();
}

export function senderAddress(from: string): string {
  return (/<([^>]+)>/.exec(from)?.[1] ?? from).trim().toLowerCase();
}

/**
 * Checks what receiving servers will check of mail from `deps.from`, and who
 * receives the members' mail. Never throws and never outlives its deadline:
 * whatever had not answered by then is reported as not checked.
 */
export async function runDeliverabilityCheck(deps: DeliverabilityDeps, memberDomains: { domain: string; members: number }[]): Promise<DeliverabilityReport> {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const deadline = startedAt + deps.timeoutMs;
  const dns = resolverUntil(deps.resolver, deadline, now);
  const domain = sendingDomain(deps.from);
  let outOfTime = false;
  const guarded = (id: CheckId, work: () => Promise<CheckResult>) =>
    beforeDeadline(work(), deadline, now, (timedOut) => {
      if (timedOut) outOfTime = true;
      return result(id, 'unknown', 'couldNotCheck', { params: { detail: id } });
    });

  const accountWork: Promise<AccountView> = deps.account
    ? beforeDeadline(
        Promise.all([deps.account.findDomain(domain), deps.account.senderSignatures()]).then(([details, signatures]) => ({ details, signatures })),
        deadline,
        now,
        (timedOut): AccountView => {
          if (timedOut) outOfTime = true;
          return 'unreachable';
        },
      )
    : Promise.resolve(null);
  const recipientsWork = beforeDeadline<ReceiverGroup[]>(groupRecipientDomains(dns, memberDomains), deadline, now, (timedOut) => {
    if (timedOut) outOfTime = true;
    return [{ kind: 'unknown', organisation: null, members: memberDomains.reduce((sum, entry) => sum + entry.members, 0), domains: memberDomains }];
  });
  const mxWork = guarded('mx', () => checkSendingMx(dns, domain));
  const blocklistWork = beforeDeadline(checkBlocklists(dns, domain, deps.blocklists), deadline, now, (timedOut) =>
    [...deps.blocklists.domainZones, ...deps.blocklists.ipZones].map((zone) => {
      if (timedOut) outOfTime = true;
      return result(`blocklist:${zone}`, 'unknown', 'couldNotCheck', { params: { detail: zone } });
    }),
  );

  const account = await accountWork;
  const details = account && account !== 'unreachable' ? account.details : null;
  const returnPathHost = details?.returnPathDomain ?? `pm-bounces.${domain}`;
  const returnPathTarget = details?.returnPathTarget ?? POSTMARK_RETURN_PATH_TARGET;
  const expectedDkim = details ? (details.dkim ?? details.dkimPending) : deps.dkimSelector ? { host: `${deps.dkimSelector}._domainkey.${domain}`, value: null } : null;

  const [returnPath, dkim] = await Promise.all([guarded('return-path', () => checkReturnPath(dns, returnPathHost, returnPathTarget)), guarded('dkim', () => checkDkim(dns, expectedDkim))]);
  const returnPathAligned = returnPath.status === 'pass';
  const [spf, dmarc] = await Promise.all([
    guarded('spf', () => checkSpf(dns, domain, { returnPathAligned })),
    guarded('dmarc', () =>
      checkDmarc(dns, domain, {
        // Postmark signs with the domain's own key once it is published; otherwise with its own domain, which never aligns.
        dkimDomain: dkim.status === 'pass' || dkim.status === 'warn' ? domain : null,
        returnPathDomain: returnPathAligned ? returnPathHost : null,
        reportsTo: deps.dmarcReportsTo,
      }),
    ),
  ]);

  const checks: CheckResult[] = [spf, dkim, dmarc, returnPath, await mxWork];
  if (account === 'unreachable') {
    checks.push(result('postmark-domain', 'unknown', 'postmark.unreachable'), result('postmark-sender', 'unknown', 'postmark.unreachable'));
  } else if (account) {
    checks.push(checkPostmarkDomain(domain, account.details), checkSenderSignature(senderAddress(deps.from), account.signatures, account.details));
  }
  checks.push(...(await blocklistWork));
  // A look-up refused for want of time also means the check ran out of it.
  if (now() >= deadline - 5) outOfTime = true;
  return { checkedAt: new Date(startedAt), domain, checks, recipients: await recipientsWork, outOfTime };
}

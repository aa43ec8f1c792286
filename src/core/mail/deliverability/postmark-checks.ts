import { result, type CheckResult } from './check-result.ts';
import type { PostmarkDomainDetails, PostmarkSenderSignature } from './postmark-account.ts';

/** What Postmark itself says of the domain: it signs only once DKIM is verified there. */
export function checkPostmarkDomain(domain: string, details: PostmarkDomainDetails | null): CheckResult {
  if (!details) return result('postmark-domain', 'fail', 'postmark.domainMissing', { params: { domain } });
  const found = `DKIM ${details.dkimVerified ? '✓' : '✗'} · Return-Path ${details.returnPathVerified ? '✓' : '✗'} · SPF ${details.spfVerified ? '✓' : '✗'}`;
  if (!details.dkimVerified) return result('postmark-domain', 'fail', 'postmark.dkimNotVerified', { params: { domain }, found });
  if (!details.returnPathVerified) return result('postmark-domain', 'warn', 'postmark.returnPathNotVerified', { params: { domain }, found });
  return result('postmark-domain', 'pass', 'postmark.domainVerified', { params: { domain }, found });
}

/** Postmark sends only from a confirmed sender signature or from any address of a verified domain. */
export function checkSenderSignature(address: string, signatures: PostmarkSenderSignature[], domain: PostmarkDomainDetails | null): CheckResult {
  const signature = signatures.find((entry) => entry.email === address.toLowerCase());
  if (signature?.confirmed) return result('postmark-sender', 'pass', 'postmark.signatureConfirmed', { params: { address } });
  if (domain?.dkimVerified) return result('postmark-sender', 'pass', 'postmark.domainAllowsSender', { params: { address } });
  if (signature) return result('postmark-sender', 'fail', 'postmark.signatureUnconfirmed', { params: { address } });
  return result('postmark-sender', 'fail', 'postmark.noSignature', { params: { address } });
}

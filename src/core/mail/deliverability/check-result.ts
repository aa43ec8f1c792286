/**
 * What one check found, in data the CLI and the admin page both render:
 * words come from the dictionary (`why.key` under `deliverability.`), never
 * from here, so each reader gets them in their language.
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown';

export type CheckId =
  | 'spf'
  | 'dkim'
  | 'dmarc'
  | 'return-path'
  | 'mx'
  | 'postmark-domain'
  | 'postmark-sender'
  | `blocklist:${string}`;

/** A record to publish at the sending domain's DNS host, exactly as it must read. */
export interface DnsRecordFix {
  type: 'TXT' | 'CNAME' | 'MX';
  host: string;
  value: string;
}

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** A dictionary key below `deliverability.why.` and the values its sentence names. */
  why: { key: string; params?: Record<string, string | number> };
  fix?: DnsRecordFix;
  /** What was found, shown as is (a record, a status): helps an operator compare. */
  found?: string;
}

export function result(id: CheckId, status: CheckStatus, key: string, extra: { params?: Record<string, string | number>; fix?: DnsRecordFix; found?: string } = {}): CheckResult {
  return {
    id,
    status,
    why: extra.params ? { key, params: extra.params } : { key },
    ...(extra.fix ? { fix: extra.fix } : {}),
    ...(extra.found !== undefined ? { found: extra.found } : {}),
  };
}

/** Warnings are advice; a failure or a check that could not run keeps campaigns from starting. */
export function blocksSending(check: CheckResult): boolean {
  return check.status === 'fail' || check.status === 'unknown';
}

import { blocksSending, type CheckResult } from './check-result.ts';
import type { ReceiverGroup } from './receiving-organisation.ts';

/** One run of the deliverability check, as stored and shown. */
export interface DeliverabilityReport {
  checkedAt: Date;
  /** The sending domain checked. */
  domain: string;
  checks: CheckResult[];
  /** Members' domains by receiving organisation. */
  recipients: ReceiverGroup[];
  /** The whole check ran out of time: whatever had not answered is reported as not checked. */
  outOfTime: boolean;
}

export function reportPassed(report: Pick<DeliverabilityReport, 'checks'>): boolean {
  return report.checks.length > 0 && !report.checks.some(blocksSending);
}

export function failingChecks(report: Pick<DeliverabilityReport, 'checks'>): string[] {
  return report.checks.filter(blocksSending).map((check) => check.id);
}

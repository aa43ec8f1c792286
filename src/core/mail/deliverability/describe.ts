import type { MessageKey, Translate } from '../../i18n/index.ts';
import type { CheckResult } from './check-result.ts';
import type { ReceiverGroup } from './receiving-organisation.ts';

/** A check's name in the reader's language ("Blocklist dbl.spamhaus.org"). */
export function checkTitle(t: Translate, check: { id: string }): string {
  if (check.id.startsWith('blocklist:')) return t('deliverability.check.blocklist', { zone: check.id.slice('blocklist:'.length) });
  return t(`deliverability.check.${check.id}` as MessageKey);
}

/** Why it matters, in plain words. */
export function checkWhy(t: Translate, check: Pick<CheckResult, 'why'>): string {
  return t(`deliverability.why.${check.why.key}` as MessageKey, check.why.params);
}

export function receiverLabel(t: Translate, group: Pick<ReceiverGroup, 'kind' | 'organisation'>): string {
  return t(`deliverability.receiver.${group.kind}` as MessageKey, { organisation: group.organisation ?? '' });
}

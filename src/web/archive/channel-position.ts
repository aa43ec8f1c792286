import type { ChannelPosition } from '../../core/archive/channel-page.ts';
import { tsAtOrAfter } from '../../core/archive/channel-page.ts';
import { midnightIn } from '../../core/time/midnight.ts';
import { isSlackTs } from './slack-params.ts';

/**
 * The page a channel URL asks for: ?before=ts, ?after=ts, ?at=ts (a message in
 * the middle), ?date=YYYY-MM or YYYY-MM-DD (midnight in the reader's zone),
 * ?from=oldest; the latest page otherwise.
 */
export function channelPosition(params: URLSearchParams, timeZone: string): ChannelPosition {
  const before = params.get('before');
  const after = params.get('after');
  const at = params.get('at');
  const date = params.get('date');
  if (isSlackTs(before)) return { before };
  if (isSlackTs(after)) return { after };
  if (isSlackTs(at)) return { around: at };
  if (date && /^\d{4}-\d{2}(-\d{2})?$/.test(date)) {
    const epoch = midnightIn(date.length === 7 ? `${date}-01` : date, timeZone);
    if (epoch !== null) return { from: tsAtOrAfter(epoch) };
  }
  if (params.get('from') === 'oldest') return { at: 'oldest' };
  return { at: 'latest' };
}

import { describe, expect, it } from 'vitest';
import { accessPlan, shareOfMessages } from './access-plan.ts';

/** An archive of `count` channels of 100 messages each, C0 … C{count-1}. */
function archive(count: number): Map<string, number> {
  return new Map(Array.from({ length: count }, (_, i) => [`C${i}`, 100]));
}
const first = (n: number) => new Set(Array.from({ length: n }, (_, i) => `C${i}`));

describe('how a search keeps to the reader’s channels', () => {
  it('needs nothing when the reader reads every channel', () => {
    expect(accessPlan({ readable: first(40), messagesIn: archive(40), matchesOtherwise: true })).toEqual({ clause: null, lookup: null });
  });

  it('names the shorter list in the expression while it is short', () => {
    expect(accessPlan({ readable: first(38), messagesIn: archive(40), matchesOtherwise: true })).toEqual({ clause: { except: ['C38', 'C39'] }, lookup: null });
    expect(accessPlan({ readable: first(2), messagesIn: archive(40), matchesOtherwise: true })).toEqual({ clause: { only: ['C0', 'C1'] }, lookup: null });
  });

  it('looks channels up once either list would name more than the limit, for a reader of a fair share of the archive', () => {
    expect(accessPlan({ readable: first(20), messagesIn: archive(60), matchesOtherwise: true })).toEqual({ clause: null, lookup: [...first(20)] });
  });

  it('keeps the list in the expression for a reader of a small share: lookups would walk every candidate for few readable ones', () => {
    const plan = accessPlan({ readable: first(20), messagesIn: archive(200), matchesOtherwise: true });
    expect(plan.lookup).toBeNull();
    expect(plan.clause).toEqual({ only: [...first(20)] });
  });

  it('matches the readable channels when nothing else is asked (a search of dates alone)', () => {
    expect(accessPlan({ readable: first(20), messagesIn: archive(60), matchesOtherwise: false })).toEqual({ clause: { only: [...first(20)] }, lookup: null });
  });
});

describe('the share of the archive some channels hold', () => {
  it('weighs each channel by its messages, counts one twice never, and calls an empty archive whole', () => {
    const messagesIn = new Map([['C0', 300], ['C1', 100], ['C2', 0]]);
    expect(shareOfMessages(['C1', 'C1'], messagesIn)).toBe(0.25);
    expect(shareOfMessages(['C0', 'C1', 'C2', 'unknown'], messagesIn)).toBe(1);
    expect(shareOfMessages(['C0'], new Map([['C0', 0]]))).toBe(1);
  });
});

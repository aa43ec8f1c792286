import { describe, expect, it } from 'vitest';
import { isProbablyQuarantined } from './quarantine.ts';

const SENT = new Date('2026-11-20T09:00:00Z');
const hoursLater = (hours: number) => new Date(SENT.getTime() + hours * 3_600_000);
const message = (events: { kind: 'delivered' | 'bounced' | 'soft-bounced' | 'complained' | 'unsubscribed' }[] = [], overrides: { sentAt?: Date | null; providerMessageId?: string | null } = {}) => ({
  sentAt: SENT,
  providerMessageId: '0b7f9f3e-1c1d-4b4e-9a55-3f1d2c3b4a5e',
  events,
  ...overrides,
});

describe('probably quarantined', () => {
  it('flags a message sent with no answer once the configured time has passed, not a moment before', () => {
    expect(isProbablyQuarantined(message(), hoursLater(47.9), 48)).toBe(false);
    expect(isProbablyQuarantined(message(), hoursLater(48), 48)).toBe(true);
    expect(isProbablyQuarantined(message(), hoursLater(5), 4)).toBe(true);
  });

  it('never flags a message a receiver answered for good', () => {
    for (const kind of ['delivered', 'bounced', 'complained', 'unsubscribed'] as const) expect(isProbablyQuarantined(message([{ kind }]), hoursLater(500), 48)).toBe(false);
  });

  it('still flags one that was only deferred: a soft bounce is not an answer', () => {
    expect(isProbablyQuarantined(message([{ kind: 'soft-bounced' }]), hoursLater(72), 48)).toBe(true);
  });

  it('never flags what did not leave (outbox, held, failed, queued)', () => {
    expect(isProbablyQuarantined(message([], { sentAt: null }), hoursLater(500), 48)).toBe(false);
    expect(isProbablyQuarantined(message([], { providerMessageId: null }), hoursLater(500), 48)).toBe(false);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../../../tests/support/temp-database.ts';
import { deliveriesOf, deliveryStateFrom } from './message-state.ts';
import { recordMailEvent } from './record-mail-event.ts';

describe('deliveryStateFrom', () => {
  it('is "sent" until Postmark says more, and suppression changes say nothing about a message', () => {
    expect(deliveryStateFrom([])).toBe('sent');
    expect(deliveryStateFrom(['unsubscribed', 'reactivated'])).toBe('sent');
  });

  it('keeps the worst news whatever the order it arrives in', () => {
    expect(deliveryStateFrom(['soft-bounced', 'delivered'])).toBe('delivered');
    expect(deliveryStateFrom(['delivered', 'soft-bounced'])).toBe('delivered');
    expect(deliveryStateFrom(['delivered', 'bounced'])).toBe('bounced');
    expect(deliveryStateFrom(['bounced', 'delivered'])).toBe('bounced');
    expect(deliveryStateFrom(['complained', 'bounced', 'delivered'])).toBe('complained');
  });
});

describe('deliveriesOf', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  beforeEach(async () => {
    database = await openTempDatabase();
  });
  afterEach(() => database.dispose());

  it('reads each message’s state, its time and the receiving server from the stored events', async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 14, minute));
    await recordMailEvent(database.db, { id: 'delivery:a:x@example.org', kind: 'delivered', providerMessageId: 'a', recipient: 'x@example.org', at: at(1), receivingServer: 'ulaval-ca.mail.protection.outlook.com', serverAnswer: '250 2.6.0 Queued' });
    await recordMailEvent(database.db, { id: 'bounce:1', kind: 'soft-bounced', providerMessageId: 'b', recipient: 'y@example.org', at: at(2), serverAnswer: '451 4.7.500 Server busy' });
    await recordMailEvent(database.db, { id: 'bounce:2', kind: 'bounced', providerMessageId: 'b', recipient: 'y@example.org', at: at(9), serverAnswer: '550 5.1.1 unknown user' });
    // Accepted, then bounced by the receiving server, then a late delivery report: still bounced.
    await recordMailEvent(database.db, { id: 'delivery:b:y@example.org', kind: 'delivered', providerMessageId: 'b', recipient: 'y@example.org', at: at(12), receivingServer: 'mx.example.org' });
    const deliveries = await deliveriesOf(database.db, ['a', 'b', 'silent']);
    expect(deliveries.get('a')).toEqual({ state: 'delivered', at: at(1), receivingServer: 'ulaval-ca.mail.protection.outlook.com', serverAnswer: '250 2.6.0 Queued' });
    expect(deliveries.get('b')).toEqual({ state: 'bounced', at: at(9), receivingServer: 'mx.example.org', serverAnswer: '550 5.1.1 unknown user' });
    expect(deliveries.get('silent')).toEqual({ state: 'sent', at: null, receivingServer: null, serverAnswer: null });
  });
});

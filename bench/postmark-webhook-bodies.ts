/**
 * Webhook bodies shaped as Postmark's documentation shows them
 * (https://postmarkapp.com/developer/webhooks/…), for the webhook bench and the tests.
 */

export const HOOK_USER = 'postmark';
export const HOOK_PASSWORD = 'correct-horse-battery-staple';

export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

type Metadata = Record<string, string>;

export function deliveryHook(messageId: string, recipient: string, options: { at?: string; metadata?: Metadata; details?: string } = {}) {
  return {
    RecordType: 'Delivery',
    ServerID: 23,
    MessageStream: 'broadcast',
    MessageID: messageId,
    Recipient: recipient,
    Tag: 'renewal',
    DeliveredAt: options.at ?? '2026-11-20T14:03:52Z',
    Details: options.details ?? 'smtp;250 2.6.0 <abc@pm.mtasv.net> Queued mail for delivery',
    Metadata: options.metadata ?? {},
  };
}

export function bounceHook(id: number, messageId: string, email: string, options: { type?: string; typeCode?: number; at?: string; metadata?: Metadata; recordType?: 'Bounce' | 'SpamComplaint' } = {}) {
  return {
    RecordType: options.recordType ?? 'Bounce',
    ID: id,
    Type: options.type ?? 'HardBounce',
    TypeCode: options.typeCode ?? 1,
    Name: 'Hard bounce',
    Tag: 'renewal',
    MessageID: messageId,
    ServerID: 23,
    MessageStream: 'broadcast',
    Description: 'The server was unable to deliver your message (ex: unknown user, mailbox not found).',
    Details: 'smtp;550 5.1.1 The email account that you tried to reach does not exist.',
    Email: email,
    From: 'annonces@example.org',
    BouncedAt: options.at ?? '2026-11-20T09:28:10.2735393-05:00',
    DumpAvailable: true,
    Inactive: true,
    CanActivate: true,
    Subject: 'Renouvelez votre accès',
    Content: 'Return-Path: <>\r\n…',
    Metadata: options.metadata ?? {},
  };
}

export function spamComplaintHook(id: number, messageId: string, email: string, options: { metadata?: Metadata } = {}) {
  return { ...bounceHook(id, messageId, email, { type: 'SpamComplaint', typeCode: 100001, recordType: 'SpamComplaint', ...options }), Name: 'Spam complaint', Description: 'The subscriber explicitly marked this message as spam.', Details: 'Test spam complaint details' };
}

export function subscriptionChangeHook(recipient: string, suppress: boolean, options: { messageId?: string | null; reason?: string | null; origin?: string; at?: string; stream?: string } = {}) {
  return {
    RecordType: 'SubscriptionChange',
    MessageID: options.messageId === undefined ? '883953f4-6105-42a2-a16a-77a8eac79483' : options.messageId,
    ServerID: 123456,
    MessageStream: options.stream ?? 'broadcast',
    ChangedAt: options.at ?? '2026-11-20T16:04:53Z',
    Recipient: recipient,
    Origin: options.origin ?? 'Recipient',
    SuppressSending: suppress,
    SuppressionReason: options.reason === undefined ? (suppress ? 'HardBounce' : null) : options.reason,
    Tag: 'renewal',
    Metadata: {},
  };
}

export function openHook(messageId: string, recipient: string) {
  return { RecordType: 'Open', MessageStream: 'broadcast', FirstOpen: true, Client: { Name: 'Chrome 35.0.1916.153' }, MessageID: messageId, ReceivedAt: '2026-11-20T16:01:00Z', Recipient: recipient, Metadata: {} };
}

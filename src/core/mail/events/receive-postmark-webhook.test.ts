import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { campaignRecipients, mailEvents, type RecipientState } from '../../db/schema/campaigns.ts';
import { mailMessages } from '../../db/schema/mail.ts';
import { basicAuthorization, bounceHook, deliveryHook, HOOK_PASSWORD, HOOK_USER, openHook, spamComplaintHook, subscriptionChangeHook } from '../../../../bench/postmark-webhook-bodies.ts';
import { captureLog } from '../../../../tests/support/capture-log.ts';
import { openTempDatabase } from '../../../../tests/support/temp-database.ts';
import { pullBounces } from './pull-bounces.ts';
import { receivePostmarkWebhook, WEBHOOK_BODY_LIMIT } from './receive-postmark-webhook.ts';

const URL_ = 'https://portail.example.org/hooks/postmark';
const AUTH = basicAuthorization(HOOK_USER, HOOK_PASSWORD);

describe('POST /hooks/postmark', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let capture: ReturnType<typeof captureLog>;

  beforeEach(async () => {
    database = await openTempDatabase();
    capture = captureLog();
  });
  afterEach(() => database.dispose());

  const deps = () => ({ db: database.db, credentials: { user: HOOK_USER, password: HOOK_PASSWORD }, log: capture.log });
  const post = (body: unknown, headers: Record<string, string> = { authorization: AUTH }) =>
    receivePostmarkWebhook(new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }), deps());
  const events = () => database.db.select().from(mailEvents);

  async function campaignRecipient(state: RecipientState, providerMessageId: string | null = 'msg-1') {
    const now = new Date('2026-11-20T09:00:00Z');
    await database.db.insert(campaignRecipients).values({
      campaignId: 'c1', memberId: 'm1', step: 'invite', email: 'membre@ulaval.example', domain: 'ulaval.example', organisation: 'ulaval.example',
      locale: 'fr', wave: 0, scheduledAt: now, state, sentAt: now, providerMessageId, updatedAt: now,
    });
  }
  const recipientState = async () => (await database.db.select({ state: campaignRecipients.state }).from(campaignRecipients))[0]?.state;

  describe('credentials', () => {
    it('answers 404 and stores nothing while no credentials are configured', async () => {
      const response = await receivePostmarkWebhook(new Request(URL_, { method: 'POST', headers: { authorization: AUTH }, body: JSON.stringify(deliveryHook('msg-1', 'a@example.org')) }), { ...deps(), credentials: null });
      expect(response.status).toBe(404);
      expect(await events()).toEqual([]);
    });

    it('refuses a missing header, a wrong password, a wrong user and a header that is not Basic, with 401 and nothing stored', async () => {
      const body = deliveryHook('msg-1', 'membre@example.org');
      const refusals: Record<string, string>[] = [
        {},
        { authorization: basicAuthorization(HOOK_USER, 'correct-horse-battery-stapl') },
        { authorization: basicAuthorization(HOOK_USER, `${HOOK_PASSWORD}x`) },
        { authorization: basicAuthorization('postmarc', HOOK_PASSWORD) },
        { authorization: basicAuthorization('', '') },
        { authorization: `Bearer ${HOOK_PASSWORD}` },
        { authorization: `Basic ${Buffer.from(`${HOOK_USER}${HOOK_PASSWORD}`).toString('base64')}` },
      ];
      for (const headers of refusals) {
        const response = await post(body, headers);
        expect(response.status, JSON.stringify(headers)).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
      }
      expect(await events()).toEqual([]);
    });

    it('logs a refusal without the body, the address or the credentials tried', async () => {
      await post(deliveryHook('msg-secret-id', 'membre@example.org'), { authorization: basicAuthorization(HOOK_USER, 'guessed-password-123') });
      const output = capture.output();
      expect(output).toContain('wrong or missing credentials');
      for (const secret of ['membre@example.org', 'msg-secret-id', 'guessed-password-123', HOOK_PASSWORD]) expect(output).not.toContain(secret);
    });
  });

  describe('body size', () => {
    it('refuses a declared body of 1 MiB + 1 byte with 413, without reading it', async () => {
      let pulled = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          controller.enqueue(new Uint8Array(64 * 1024));
        },
      });
      const request = new Request(URL_, { method: 'POST', headers: { authorization: AUTH, 'content-length': String(WEBHOOK_BODY_LIMIT + 1) }, body, duplex: 'half' } as RequestInit);
      const response = await receivePostmarkWebhook(request, deps());
      expect(response.status).toBe(413);
      // A stream pulls ahead once by itself: nothing beyond that was read.
      expect(pulled).toBeLessThanOrEqual(1);
    });

    it('stops reading an undeclared (chunked) body as soon as it passes 1 MiB', async () => {
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += 64 * 1024;
          controller.enqueue(new Uint8Array(64 * 1024).fill(32));
          if (sent > 64 * WEBHOOK_BODY_LIMIT) controller.close();
        },
      });
      const response = await receivePostmarkWebhook(new Request(URL_, { method: 'POST', headers: { authorization: AUTH }, body, duplex: 'half' } as RequestInit), deps());
      expect(response.status).toBe(413);
      expect(sent).toBeLessThanOrEqual(WEBHOOK_BODY_LIMIT + 3 * 64 * 1024);
    });

    it('takes a body of exactly 1 MiB', async () => {
      const json = JSON.stringify(deliveryHook('msg-1', 'membre@example.org'));
      const padded = json + ' '.repeat(WEBHOOK_BODY_LIMIT - Buffer.byteLength(json));
      expect(Buffer.byteLength(padded)).toBe(WEBHOOK_BODY_LIMIT);
      expect((await post(padded)).status).toBe(200);
      expect((await post(`${padded} `)).status).toBe(413);
    });
  });

  describe('malformed payloads', () => {
    it('answers 400 to a body that is not JSON, not an object, without RecordType or missing documented fields — and stores nothing', async () => {
      const { MessageID: _id, ...withoutMessageId } = deliveryHook('msg-1', 'membre@example.org');
      for (const body of ['{"RecordType": "Delivery",', '[]', '"Delivery"', {}, { RecordType: 42 }, withoutMessageId, { ...bounceHook(1, 'msg-1', 'membre@example.org'), ID: 'one' }, { ...deliveryHook('msg-1', 'membre@example.org'), DeliveredAt: 'yesterday' }, { ...subscriptionChangeHook('membre@example.org', true), SuppressSending: 'yes' }]) {
        expect((await post(body)).status, JSON.stringify(body)).toBe(400);
      }
      expect(await events()).toEqual([]);
    });

    it('logs which fields are wrong, never their values', async () => {
      await post({ ...bounceHook(7, 'msg-7', 'personne@example.org'), BouncedAt: 'not a date' });
      const output = capture.output();
      expect(output).toContain('BouncedAt');
      expect(output).not.toContain('personne@example.org');
      expect(output).not.toContain('not a date');
    });
  });

  describe('each kind of event', () => {
    it('Delivery: stored as delivered with the server answer, and moves the campaign recipient', async () => {
      await campaignRecipient('sent');
      const response = await post(deliveryHook('msg-1', 'Membre@ULaval.example'));
      expect(response.status).toBe(200);
      expect(await events()).toEqual([
        expect.objectContaining({ id: 'delivery:msg-1:membre@ulaval.example', kind: 'delivered', providerMessageId: 'msg-1', recipient: 'membre@ulaval.example', stream: 'broadcast', serverAnswer: 'smtp;250 2.6.0 <abc@pm.mtasv.net> Queued mail for delivery', at: new Date('2026-11-20T14:03:52Z'), campaignId: 'c1', memberId: 'm1' }),
      ]);
      expect(await recipientState()).toBe('delivered');
    });

    it('Bounce: hard bounce keeps the type, Postmark’s description and the server’s answer; a soft bounce stays soft', async () => {
      await campaignRecipient('delivered');
      expect((await post(bounceHook(42, 'msg-1', 'membre@ulaval.example'))).status).toBe(200);
      expect((await post(bounceHook(43, 'msg-2', 'autre@example.org', { type: 'SoftBounce', typeCode: 4096 }))).status).toBe(200);
      const [hard, soft] = (await events()).sort((a, b) => a.id.localeCompare(b.id));
      expect(hard).toMatchObject({ id: 'bounce:42', kind: 'bounced', detail: 'HardBounce', description: expect.stringContaining('unable to deliver'), serverAnswer: expect.stringContaining('550 5.1.1'), at: new Date('2026-11-20T14:28:10.273Z'), campaignId: 'c1' });
      expect(soft).toMatchObject({ id: 'bounce:43', kind: 'soft-bounced', detail: 'SoftBounce', campaignId: null });
      expect(await recipientState()).toBe('bounced');
    });

    it('SpamComplaint: complained, whichever TypeCode the docs show', async () => {
      await campaignRecipient('delivered');
      expect((await post(spamComplaintHook(50, 'msg-1', 'membre@ulaval.example'))).status).toBe(200);
      expect((await post({ ...spamComplaintHook(51, 'msg-2', 'b@example.org'), TypeCode: 512 })).status).toBe(200);
      expect((await events()).map((event) => [event.id, event.kind])).toEqual(expect.arrayContaining([['bounce:50', 'complained'], ['bounce:51', 'complained']]));
      expect(await recipientState()).toBe('complained');
    });

    it('SubscriptionChange: a suppression is an unsubscribe with its reason; lifting it is a reactivation', async () => {
      expect((await post(subscriptionChangeHook('Membre@example.org', true, { reason: 'SpamComplaint' }))).status).toBe(200);
      expect((await post(subscriptionChangeHook('membre@example.org', false, { messageId: null, origin: 'Customer', at: '2026-11-22T10:00:00Z' }))).status).toBe(200);
      const stored = (await events()).sort((a, b) => a.at.getTime() - b.at.getTime());
      expect(stored).toEqual([
        expect.objectContaining({ id: 'subscription:broadcast:membre@example.org:suppressed:2026-11-20T16:04:53.000Z', kind: 'unsubscribed', detail: 'SpamComplaint', description: 'Recipient', recipient: 'membre@example.org' }),
        expect.objectContaining({ id: 'subscription:broadcast:membre@example.org:reactivated:2026-11-22T10:00:00.000Z', kind: 'reactivated', providerMessageId: null, description: 'Customer' }),
      ]);
    });

    it('links a transactional message’s event to its member through the message we sent', async () => {
      await database.db.insert(mailMessages).values({ id: 'mail-1', createdAt: new Date(), recipient: 'membre@example.org', memberId: 'm7', template: 'sign-in', locale: 'fr', stream: 'outbound', subject: 'Connexion', transport: 'postmark', status: 'sent', providerMessageId: 'tx-1' });
      await post(deliveryHook('tx-1', 'membre@example.org'));
      expect((await events())[0]).toMatchObject({ memberId: 'm7', campaignId: null });
    });

    it('links a campaign event by its metadata when the message id is not known yet', async () => {
      await campaignRecipient('sending', null);
      await post(deliveryHook('msg-9', 'membre@ulaval.example', { metadata: { campaign_id: 'c1', member_id: 'm1', step: 'invite' } }));
      expect((await events())[0]).toMatchObject({ campaignId: 'c1', memberId: 'm1' });
      const [row] = await database.db.select().from(campaignRecipients);
      expect(row).toMatchObject({ state: 'delivered', providerMessageId: 'msg-9' });
    });

    it('answers 200 to Open, Click and unknown kinds so Postmark stops, stores nothing, and says so at debug level', async () => {
      for (const body of [openHook('msg-1', 'a@example.org'), { ...openHook('msg-1', 'a@example.org'), RecordType: 'Click' }, { RecordType: 'Inbound', MessageID: 'x' }]) {
        expect((await post(body)).status).toBe(200);
      }
      expect(await events()).toEqual([]);
      const ignored = capture.output().split('\n').filter((line) => line.includes('webhook ignored')).map((line) => JSON.parse(line) as { level: number; recordType: string });
      expect(ignored.map((line) => [line.level, line.recordType])).toEqual([[20, 'Open'], [20, 'Click'], [20, 'Inbound']]);
    });
  });

  describe('idempotency', () => {
    it('a retried event is one row, and the second telling changes no state', async () => {
      await campaignRecipient('sent');
      const hook = bounceHook(42, 'msg-1', 'membre@ulaval.example');
      expect((await post(hook)).status).toBe(200);
      const [before] = await database.db.select().from(campaignRecipients);
      const first = await events();
      expect((await post(hook)).status).toBe(200);
      expect((await post({ ...hook, Details: 'another telling' })).status).toBe(200);
      expect(await events()).toEqual(first);
      expect((await database.db.select().from(campaignRecipients))[0]).toEqual(before);
    });

    it('a late delivery never undoes a bounce', async () => {
      await campaignRecipient('sent');
      await post(bounceHook(42, 'msg-1', 'membre@ulaval.example'));
      await post(deliveryHook('msg-1', 'membre@ulaval.example'));
      expect(await recipientState()).toBe('bounced');
      expect(await events()).toHaveLength(2);
    });

    it('a bounce told by the webhook and pulled from the Bounces API is one event', async () => {
      await campaignRecipient('sent');
      await post(bounceHook(42, 'msg-1', 'membre@ulaval.example'));
      const provider = {
        bouncesBetween: async () => [{ id: '42', messageId: 'msg-1', email: 'membre@ulaval.example', type: 'HardBounce', typeCode: 1, at: new Date('2026-11-20T14:28:10Z') }],
      };
      const pulled = await pullBounces(database.db, provider as never, { from: new Date(0), to: new Date(), stream: 'broadcast' });
      expect(pulled).toEqual({ read: 1, recorded: 0 });
      expect(await events()).toHaveLength(1);
    });

    it('answers 500 when the event cannot be stored, so Postmark tries again', async () => {
      database.close();
      const response = await post(deliveryHook('msg-1', 'membre@example.org'));
      expect(response.status).toBe(500);
      expect(capture.output()).not.toContain('membre@example.org');
    });
  });
});

describe('the webhook credentials check', () => {
  it('compares both halves in constant time, even when the user is already wrong', async () => {
    const crypto = await import('node:crypto');
    const { vi } = await import('vitest');
    vi.resetModules();
    const calls: number[] = [];
    vi.doMock('node:crypto', () => ({
      ...crypto,
      timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
        calls.push(a.byteLength);
        return crypto.timingSafeEqual(a, b);
      },
    }));
    const { hasWebhookCredentials } = await import('./webhook-credentials.ts');
    const expected = { user: HOOK_USER, password: HOOK_PASSWORD };
    expect(hasWebhookCredentials(basicAuthorization('intrus', 'x'), expected)).toBe(false);
    // Two comparisons of 32-byte digests: the lengths of the guesses never show.
    expect(calls).toEqual([32, 32]);
    calls.length = 0;
    expect(hasWebhookCredentials(null, expected)).toBe(false);
    expect(calls).toEqual([32, 32]);
    calls.length = 0;
    expect(hasWebhookCredentials(AUTH, expected)).toBe(true);
    expect(calls).toEqual([32, 32]);
    vi.doUnmock('node:crypto');
  });
});
